// Settles one replica's batch of spends with the clients' shared token buckets, atomically.
// KEYS = [the replicas sorted set, then one hash per client]; ARGV = [replica id, active window
// ms, then per client: spent, burst, perSecond, serving (1 or 0)]. A client's hash holds
// `tokens` and `at` (when last settled) and, per replica serving it, its id => when it last
// settled. A client not served here and nothing spent is only read: its share refreshed. Time is Redis's
// own (TIME), so the replicas' clocks never disagree about how much a bucket has refilled.
// Replies { replicas, tokens1, sharing1, tokens2, sharing2, ... }; tokens as strings, since
// Redis would truncate a Lua number to an integer.

/** The settle script (see the comment above for its keys, arguments and reply). */
export const SETTLE_SPENDS_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local replica = ARGV[1]
local window = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now, replica)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('PEXPIRE', KEYS[1], window)
local reply = { redis.call('ZCARD', KEYS[1]) }
for i = 2, #KEYS do
  local key = KEYS[i]
  local a = (i - 2) * 4 + 3
  local spent, burst, rate = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  local serving = ARGV[a + 3] == '1' or spent > 0
  local fields = redis.call('HGETALL', key)
  local tokens, at, sharing = burst, now, 1
  for f = 1, #fields, 2 do
    local name, value = fields[f], fields[f + 1]
    if name == 'tokens' then
      tokens = tonumber(value)
    elseif name == 'at' then
      at = tonumber(value)
    elseif name ~= replica then
      if tonumber(value) > now - window then
        sharing = sharing + 1
      else
        redis.call('HDEL', key, name)
      end
    end
  end
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
  if serving then
    tokens = math.max(-burst, tokens - spent)
    redis.call('HSET', key, 'tokens', tostring(tokens), 'at', now, replica, now)
    -- Full again and nobody serving it, a bucket equals a new one: Redis may forget it.
    redis.call('PEXPIRE', key, math.ceil((burst - tokens) * 1000 / rate) + window)
  end
  reply[#reply + 1] = tostring(tokens)
  reply[#reply + 1] = sharing
end
return reply
`;
