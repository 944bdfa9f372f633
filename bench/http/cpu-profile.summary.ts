import { isOwnCode, originOf, pathOf } from './cpu-profile.origin.js';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) the summary reads. Times in microseconds. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  /** The node on top of the stack at each sample. */
  samples: number[];
  /** Time since the previous sample (the first: since startTime). */
  timeDeltas: number[];
}

/** One function's own time (not its callees'), all the stacks it appeared in together. */
export interface SelfTime {
  /** As V8 names it; `(anonymous)` for unnamed functions, `(garbage collector)` and `(program)` for V8's own. */
  functionName: string;
  /** `path:line` (1-based) of the function in the code that ran, or empty for V8's own and native entries. */
  location: string;
  selfMs: number;
  /** Of the profile's busy time (everything but `(idle)`). */
  share: number;
  /**
   * Who it mostly ran for: the nearest caller in Carta's own code (apps/, libs/), else the
   * nearest outside Node; with the share of this function's time spent under it.
   */
  via?: { location: string; share: number };
}

/** Busy time per origin: a package, Carta's api or library, Node itself, V8. */
export interface OriginTime {
  origin: string;
  selfMs: number;
  share: number;
}

/** Where a profiled process spent its time. */
export interface ProfileSummary {
  /** The time summarised (the whole profile, or its windows), idle included. */
  totalMs: number;
  /** Everything but `(idle)`: what the shares are of. */
  busyMs: number;
  /** The functions with the most self time, most first. */
  top: SelfTime[];
  byOrigin: OriginTime[];
}

/** A span of time in microseconds, start included, end excluded. */
export interface TimeWindow {
  fromUs: number;
  toUs: number;
}

/** How {@link summariseCpuProfile} names and counts. */
export interface SummaryOptions {
  /** How many functions {@link ProfileSummary.top} lists. @default 25 */
  top?: number;
  /** Stripped from file URLs so locations read as repository paths. @default none */
  root?: string;
  /**
   * Only samples taken within these spans count, in the profile's clock (microseconds; on Linux
   * CLOCK_MONOTONIC, the clock of `process.hrtime` in any process). @default the whole profile
   */
  windows?: readonly TimeWindow[];
}

interface FunctionTime {
  functionName: string;
  location: string;
  origin: string;
  us: number;
  /** Time by `via` location. */
  callers: Map<string, number>;
}

type ProfileNode = CpuProfile['nodes'][number];

const IDLE = '(idle)';

/** Self time per function of a V8 CPU profile: each sample lasts until the next one (the last until endTime). */
export function summariseCpuProfile(profile: CpuProfile, options: SummaryOptions = {}): ProfileSummary {
  const tree = new ProfileTree(profile, options.root);
  const functions = new Map<string, FunctionTime>();
  let idleUs = 0;
  for (const { node, us } of sampledTimes(profile, options.windows)) {
    const { functionName } = node.callFrame;
    if (functionName === IDLE) {
      idleUs += us;
      continue;
    }
    const location = tree.locationOf(node);
    const key = `${functionName} ${location}`;
    const entry = functions.get(key) ?? {
      functionName: functionName || '(anonymous)',
      location,
      origin: originOf(tree.pathOf(node), functionName),
      us: 0,
      callers: new Map<string, number>(),
    };
    entry.us += us;
    const via = tree.viaOf(node);
    if (via !== undefined) entry.callers.set(via, (entry.callers.get(via) ?? 0) + us);
    functions.set(key, entry);
  }

  const busyUs = [...functions.values()].reduce((sum, f) => sum + f.us, 0);
  const share = (us: number): number => (busyUs === 0 ? 0 : us / busyUs);
  const origins = new Map<string, number>();
  for (const f of functions.values()) origins.set(f.origin, (origins.get(f.origin) ?? 0) + f.us);
  return {
    totalMs: Math.max(spanUs(profile, options.windows), busyUs + idleUs) / 1_000,
    busyMs: busyUs / 1_000,
    top: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, options.top ?? 25)
      .map((f) => ({
        functionName: f.functionName,
        location: f.location,
        selfMs: f.us / 1_000,
        share: share(f.us),
        ...mainCaller(f),
      })),
    byOrigin: [...origins.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([origin, us]) => ({ origin, selfMs: us / 1_000, share: share(us) })),
  };
}

/** Each counted sample's node and how long it lasted. */
function* sampledTimes(
  profile: CpuProfile,
  windows: readonly TimeWindow[] | undefined,
): Generator<{ node: ProfileNode; us: number }> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let at = profile.startTime;
  const times = profile.timeDeltas.map((delta) => (at += delta));
  for (let i = 0; i < profile.samples.length; i++) {
    if (windows && !windows.some((w) => times[i] >= w.fromUs && times[i] < w.toUs)) continue;
    const node = byId.get(profile.samples[i]);
    const until = i + 1 < times.length ? times[i + 1] : profile.endTime;
    if (node) yield { node, us: Math.max(0, until - times[i]) };
  }
}

function spanUs(profile: CpuProfile, windows: readonly TimeWindow[] | undefined): number {
  if (!windows) return Math.max(0, profile.endTime - profile.startTime);
  const overlap = (w: TimeWindow): number =>
    Math.max(0, Math.min(w.toUs, profile.endTime) - Math.max(w.fromUs, profile.startTime));
  return windows.reduce((sum, w) => sum + overlap(w), 0);
}

function mainCaller(f: FunctionTime): Pick<SelfTime, 'via'> {
  const [location, us] = [...f.callers.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return location === undefined || us === undefined ? {} : { via: { location, share: us / f.us } };
}

/** The call tree's paths and callers, each node's worked out once. */
class ProfileTree {
  private readonly parents = new Map<number, ProfileNode>();
  private readonly vias = new Map<number, string | undefined>();

  constructor(
    profile: CpuProfile,
    private readonly root: string | undefined,
  ) {
    for (const node of profile.nodes) for (const child of node.children ?? []) this.parents.set(child, node);
  }

  pathOf(node: ProfileNode): string {
    return pathOf(node.callFrame.url, this.root);
  }

  locationOf(node: ProfileNode): string {
    const path = this.pathOf(node);
    return path ? `${path}:${node.callFrame.lineNumber + 1}` : '';
  }

  /** The nearest caller in Carta's own code, else the nearest outside Node; none for own code itself. */
  viaOf(node: ProfileNode): string | undefined {
    if (this.vias.has(node.id)) return this.vias.get(node.id);
    let outsideNode: string | undefined;
    let via: string | undefined;
    for (let caller = this.parents.get(node.id); caller; caller = this.parents.get(caller.id)) {
      const path = this.pathOf(caller);
      if (isOwnCode(path)) {
        via = this.locationOf(caller);
        break;
      }
      if (outsideNode === undefined && path !== '' && !path.startsWith('node:'))
        outsideNode = this.locationOf(caller);
    }
    via ??= outsideNode;
    if (isOwnCode(this.pathOf(node))) via = undefined;
    this.vias.set(node.id, via);
    return via;
  }
}
