// The shared breaker's state machine, in Lua so each change is atomic across replicas. Every
// script takes KEYS = [state hash, window, probe leases] and ARGV = [channel, policy name,
// settings JSON, ...its own]; every script answers the same reply (see BREAKER_REPLY_FIELDS) and
// publishes each transition on the channel. Time is Redis's own (TIME), so replicas' clocks
// never disagree about when an open interval ends.

/** The order of the fields every breaker script returns. */
export const BREAKER_REPLY_FIELDS = [
  'state',
  'generation',
  'consecutive',
  'openRemainingMs',
  'failedOpens',
  'reason',
  'granted',
  'configVersion',
  'config',
] as const;

const COMMON = `
local cfg = cjson.decode(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local h = redis.call('HMGET', KEYS[1], 's', 'g', 'c', 'oa', 'ou', 'fo', 'ps', 'why', 'cv', 'cfg')
local b = { s = h[1] or 'closed', g = tonumber(h[2] or '0'), c = tonumber(h[3] or '0'),
  oa = tonumber(h[4] or '-1'), ou = tonumber(h[5] or '0'), fo = tonumber(h[6] or '0'),
  ps = tonumber(h[7] or '0'), why = h[8] or 'initial', cv = tonumber(h[9] or '0'), cfg = h[10] or '' }
local function save()
  redis.call('HSET', KEYS[1], 's', b.s, 'g', b.g, 'c', b.c, 'oa', b.oa, 'ou', b.ou, 'fo', b.fo,
    'ps', b.ps, 'why', b.why)
end
local function reply(granted)
  return { b.s, b.g, b.c, math.max(0, b.ou - now), b.fo, b.why, granted, b.cv, b.cfg }
end
local function transition(to, reason)
  b.s = to
  b.g = b.g + 1
  b.ps = 0
  b.why = reason
  redis.call('DEL', KEYS[3])
  save()
  redis.call('PUBLISH', ARGV[1], cjson.encode({ p = ARGV[2], r = reply(0) }))
end
local function open(reason)
  local interval = cfg.resetTimeoutMs
  if cfg.multiplier > 1 then
    interval = math.min(cfg.resetTimeoutMs * cfg.multiplier ^ math.max(0, b.fo), cfg.maxResetTimeoutMs)
  end
  b.oa = now
  b.ou = now + interval
  transition('open', reason)
end
local function reset()
  b.c = 0
  b.fo = 0
  b.oa = -1
  redis.call('DEL', KEYS[2])
end
`;

// The window, as the local one: a count window keeps the last `size` calls in a list; a time
// window one-second buckets in a hash (fields t<second>, f<second>, s<second>). A batch reads
// the window once, counts its outcomes in memory, one by one, and writes them back once
// (save_window), so a script costs the window plus the batch, not the window per outcome.
const WINDOW = `
local w
local function load_window()
  if redis.call('HGET', KEYS[1], 'wt') ~= cfg.windowType .. ':' .. cfg.windowSize then
    redis.call('DEL', KEYS[2])
    redis.call('HSET', KEYS[1], 'wt', cfg.windowType .. ':' .. cfg.windowSize)
  end
  w = { total = 0, fails = 0, slows = 0, added = {} }
  if cfg.windowType == 'count' then
    -- Oldest first; the ones the batch pushes out are dropped from the front (w.first).
    w.calls = redis.call('LRANGE', KEYS[2], 0, -1)
    w.first = 1
    for i = 1, #w.calls do
      local bits = tonumber(w.calls[i])
      w.calls[i] = bits
      w.total = w.total + 1
      w.fails = w.fails + bits % 2
      w.slows = w.slows + math.floor(bits / 2)
    end
  else
    w.second = math.floor(now / 1000)
    w.t, w.f, w.s = 0, 0, 0
    local all = redis.call('HGETALL', KEYS[2])
    for i = 1, #all, 2 do
      local kind, at = string.sub(all[i], 1, 1), tonumber(string.sub(all[i], 2))
      if at <= w.second - cfg.windowSize then
        redis.call('HDEL', KEYS[2], all[i])
      elseif kind == 't' then w.total = w.total + tonumber(all[i + 1])
      elseif kind == 'f' then w.fails = w.fails + tonumber(all[i + 1])
      else w.slows = w.slows + tonumber(all[i + 1]) end
    end
  end
end
local function save_window()
  if w == nil then return end
  if cfg.windowType == 'count' then
    for i = 1, #w.added, 500 do
      redis.call('RPUSH', KEYS[2], unpack(w.added, i, math.min(i + 499, #w.added)))
    end
    redis.call('LTRIM', KEYS[2], -cfg.windowSize, -1)
  else
    local second = tostring(w.second)
    if w.t > 0 then redis.call('HINCRBY', KEYS[2], 't' .. second, w.t) end
    if w.f > 0 then redis.call('HINCRBY', KEYS[2], 'f' .. second, w.f) end
    if w.s > 0 then redis.call('HINCRBY', KEYS[2], 's' .. second, w.s) end
  end
  w.added = {}
  w.t, w.f, w.s = 0, 0, 0
end
local function record_in_window(failed, slow)
  if w == nil then load_window() end
  local bits = (failed and 1 or 0) + (slow and 2 or 0)
  w.total = w.total + 1
  w.fails = w.fails + bits % 2
  w.slows = w.slows + math.floor(bits / 2)
  if cfg.windowType == 'count' then
    w.added[#w.added + 1] = bits
    w.calls[#w.calls + 1] = bits
    if w.total > cfg.windowSize then
      local oldest = w.calls[w.first]
      w.first = w.first + 1
      w.total = w.total - 1
      w.fails = w.fails - oldest % 2
      w.slows = w.slows - math.floor(oldest / 2)
    end
  else
    w.t = w.t + 1
    if failed then w.f = w.f + 1 end
    if slow then w.s = w.s + 1 end
  end
  if w.total < cfg.minimumCalls then return end
  if cfg.failureRateThreshold >= 0 and w.fails / w.total * 100 >= cfg.failureRateThreshold then
    save_window()
    return open('failure_rate')
  end
  if cfg.slowCallRateThreshold >= 0 and w.slows / w.total * 100 >= cfg.slowCallRateThreshold then
    save_window()
    open('slow_call_rate')
  end
end
`;

/**
 * Counted outcomes of closed-state calls, oldest first, as one batch. ARGV[4] generation they
 * were counted in (-1: the replica has not read the state yet), [5] one digit per outcome:
 * 1 failed + 2 slow. Applied one by one, as if sent one by one; once one opens the breaker
 * the rest belong to a closed state that has ended, and are dropped. The window is read and
 * written once per batch (see WINDOW).
 */
export const RECORD_LUA = `${COMMON}${WINDOW}
if (ARGV[4] ~= '-1' and tonumber(ARGV[4]) ~= b.g) or b.s ~= 'closed' then return reply(0) end
local windowed = cfg.failureRateThreshold >= 0 or cfg.slowCallRateThreshold >= 0
for i = 1, #ARGV[5] do
  local bits = string.byte(ARGV[5], i) - 48
  local failed, slow = bits % 2 == 1, bits >= 2
  if failed then b.c = b.c + 1 else b.c = 0 end
  if failed and b.c >= cfg.failureThreshold then
    save_window()
    open('consecutive_failures')
    return reply(0)
  end
  if windowed then
    record_in_window(failed, slow)
    if b.s ~= 'closed' then return reply(0) end
  end
end
save_window()
redis.call('HSET', KEYS[1], 'c', b.c)
return reply(0)
`;

/**
 * Asks for a half-open probe lease (turning an open breaker whose interval ended half-open).
 * ARGV[4] lease id, [5] lease TTL ms. `granted` is 1 when the lease was given.
 */
export const ACQUIRE_PROBE_LUA = `${COMMON}
if b.s == 'open' and now >= b.ou then transition('half_open', 'reset_timeout_elapsed') end
if b.s ~= 'half_open' then return reply(0) end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if redis.call('ZCARD', KEYS[3]) >= cfg.halfOpenMaxCalls then return reply(0) end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[5]), ARGV[4])
return reply(1)
`;

/** A probe's end. ARGV[4] generation it was leased in, [5] lease id, [6] success|failure|released. */
export const PROBE_DONE_LUA = `${COMMON}
redis.call('ZREM', KEYS[3], ARGV[5])
if b.s ~= 'half_open' or tonumber(ARGV[4]) ~= b.g then return reply(0) end
if ARGV[6] == 'success' then
  b.ps = b.ps + 1
  if b.ps >= cfg.successThreshold then
    reset()
    transition('closed', 'probe_succeeded')
  else
    redis.call('HSET', KEYS[1], 'ps', b.ps)
  end
elseif ARGV[6] == 'failure' then
  b.c = b.c + 1
  b.fo = b.fo + 1
  open('probe_failed')
end
return reply(0)
`;

/** An operator's state change, as CircuitBreakerPolicy.transitionTo. ARGV[4] state, [5] reason. */
export const SET_STATE_LUA = `${COMMON}
if ARGV[4] == 'open' then
  open(ARGV[5])
else
  if ARGV[4] == 'closed' then reset() end
  transition(ARGV[4], ARGV[5])
end
return reply(0)
`;

/** Shares reconfigured settings (ARGV[4], JSON) with every replica. */
export const CONFIGURE_LUA = `${COMMON}
b.cv = b.cv + 1
b.cfg = ARGV[4]
redis.call('HSET', KEYS[1], 'cv', b.cv, 'cfg', b.cfg)
redis.call('PUBLISH', ARGV[1], cjson.encode({ p = ARGV[2], r = reply(0) }))
return reply(0)
`;

/** Reads the shared state; changes nothing. */
export const READ_LUA = `${COMMON}
return reply(0)
`;
