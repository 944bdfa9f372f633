// summary.json: what the drill found, for the report, for CI and for the drill's own e2e test.
import type { ApiEnv } from '../lib/stack.js';
import type { BurstSettings } from './burst-settings.js';
import type { Lane } from './load.js';
import type { PhaseStats, Check } from './targets.js';
import type { SettledAudit } from './settle.js';

/** The whole run's counts. */
export interface DrillTotals {
  requests: number;
  byStatus: Record<string, number>;
  ordersAccepted: number;
  ordersConfirmed: number;
  charges: number;
  healthProbes: { answered: number; of: number };
  metricsScrapes: { answered: number; of: number };
}

/** The drill's verdict and every figure behind it, as written to summary.json. */
export interface DrillSummary {
  drill: {
    runId: string;
    mode: 'quick' | 'full';
    /** ISO 8601. */
    startedAt: string;
    loadSeconds: number;
    seconds: number;
    lanes: readonly Lane[];
    floodLanes: readonly Lane[];
    apiEnv: ApiEnv;
    /** Requests a second asked of the mixed lanes with --rate; null without. */
    rate: number | null;
    /** The burst's load and thresholds with --rate; null without. */
    burst: BurstSettings | null;
    /** Api processes (and as many workers with more than one; one api of every role otherwise). */
    replicas: number;
    /** Phases left out, each with why. */
    skipped: string[];
  };
  /** True when every target passed. */
  pass: boolean;
  phases: (PhaseStats & { expected: string })[];
  targets: Check[];
  totals: DrillTotals;
  audit: SettledAudit;
}
