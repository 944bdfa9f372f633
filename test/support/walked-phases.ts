import type { Phase, PlannedPhase } from '../../scripts/drill/phases.js';
import { SampleLog, type Sample } from '../../scripts/drill/samples.js';

/** `phases` as the drill would have walked them: each 10 s long, back to back from t = 0, the warm-up left out (the drill does not judge it). */
export function walkedPhases(phases: readonly Phase[]): PlannedPhase[] {
  return phases
    .filter((p) => p.name !== 'warmup')
    .map((p, i) => ({
      ...p,
      ms: 10_000,
      notes: [],
      start: i * 10_000,
      end: (i + 1) * 10_000,
      printedNotes: 0,
    }));
}

/** A sample log of `samples`, each completed from `defaults`. */
export function sampleLogOf(defaults: Sample, samples: readonly Partial<Sample>[]): SampleLog {
  const log = new SampleLog();
  for (const s of samples) log.add({ ...defaults, ...s });
  return log;
}
