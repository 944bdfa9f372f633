import { originOf } from './cpu-profile.origin.js';
import { summariseCpuProfile, type CpuProfile } from './cpu-profile.summary.js';

const ROOT = '/repo';
const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

// (root) -> handler (own code) -> send (a package) -> writev (native); (root) -> (idle); (root) -> (garbage collector)
const nodes: CpuProfile['nodes'] = [
  { id: 1, callFrame: frame('(root)'), children: [2, 5, 6] },
  { id: 2, callFrame: frame('handler', 'file:///repo/dist/apps/api/src/catalog.js', 9), children: [3] },
  { id: 3, callFrame: frame('send', 'file:///repo/node_modules/fastify/lib/reply.js', 99), children: [4] },
  { id: 4, callFrame: frame('writev') },
  { id: 5, callFrame: frame('(idle)') },
  { id: 6, callFrame: frame('(garbage collector)') },
];

/** Samples at 0, 10, 20, ... µs after startTime 1000, each of the given node. */
function profileOf(samples: number[], endTime = 1_000 + samples.length * 10): CpuProfile {
  return { nodes, startTime: 1_000, endTime, samples, timeDeltas: samples.map((_, i) => (i === 0 ? 0 : 10)) };
}

describe('summariseCpuProfile', () => {
  it('gives each sample the time until the next one, and the last one the time until endTime', () => {
    const summary = summariseCpuProfile(profileOf([4, 2, 4], 1_050), { root: ROOT });
    expect(summary.top.map((f) => [f.functionName, f.selfMs])).toEqual([
      ['writev', 0.04],
      ['handler', 0.01],
    ]);
  });

  it('leaves idle time out of the shares but in the time profiled', () => {
    const summary = summariseCpuProfile(profileOf([4, 5, 5, 2]), { root: ROOT });
    expect([summary.busyMs, summary.totalMs, summary.top[0].share]).toEqual([0.02, 0.04, 0.5]);
  });

  it('adds up the nodes of one function across call stacks', () => {
    const twice: CpuProfile = {
      ...profileOf([4, 7]),
      nodes: [...nodes, { id: 7, callFrame: frame('writev') }],
    };
    expect(summariseCpuProfile(twice).top).toHaveLength(1);
  });

  it('names locations as repository paths with 1-based lines', () => {
    const summary = summariseCpuProfile(profileOf([3]), { root: ROOT });
    expect(summary.top[0].location).toBe('node_modules/fastify/lib/reply.js:100');
  });

  it('lists at most `top` functions, most self time first', () => {
    const summary = summariseCpuProfile(profileOf([2, 4, 4, 3, 3, 3]), { top: 2 });
    expect(summary.top.map((f) => f.functionName)).toEqual(['send', 'writev']);
  });

  it("counts only the samples within the windows, and the windows' length as the time profiled", () => {
    const summary = summariseCpuProfile(profileOf([2, 2, 4, 4]), {
      windows: [{ fromUs: 1_020, toUs: 1_040 }],
    });
    expect(summary.top.map((f) => f.functionName)).toEqual(['writev']);
    expect(summary.totalMs).toBe(0.02);
  });

  it("says which of Carta's own functions a native or package function mostly ran for", () => {
    const summary = summariseCpuProfile(profileOf([4]), { root: ROOT });
    expect(summary.top[0].via).toEqual({ location: 'dist/apps/api/src/catalog.js:10', share: 1 });
  });

  it('groups busy time by origin', () => {
    const summary = summariseCpuProfile(profileOf([2, 3, 3, 6]), { root: ROOT });
    expect(summary.byOrigin.map((o) => [o.origin, o.share])).toEqual([
      ['fastify', 0.5],
      ['apps/api', 0.25],
      ['(garbage collector)', 0.25],
    ]);
  });
});

describe('originOf', () => {
  it.each([
    ['node_modules/@nestjs/core/router/router-proxy.js', '@nestjs/core'],
    ['node_modules/bullmq/node_modules/ioredis/built/Redis.js', 'ioredis'],
    ['dist/libs/resilience/src/core/retry/retry.policy.js', 'libs/resilience'],
    ['node:internal/streams/writable', 'node'],
  ])('places %s in %s', (path, origin) => {
    expect(originOf(path)).toBe(origin);
  });

  it("keeps V8's own entries by name, and calls other fileless functions native", () => {
    expect([originOf('', '(garbage collector)'), originOf('', 'writev')]).toEqual([
      '(garbage collector)',
      '(native)',
    ]);
  });
});
