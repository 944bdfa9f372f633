/**
 * Times a case module in a child process, beside a bare call of that process. Carta's
 * decorators run each call in an AsyncLocalStorage scope, and on Node 20 the first
 * `AsyncLocalStorage.run` installs promise hooks that make every promise in the process
 * dearer (here a bare awaited call goes from ~35 to ~110 ns). Timed in the main process, such
 * a module would move every other figure; in its own, its bare call shows that tax.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Row } from './report.js';

const RUN = fileURLToPath(new URL('./run.js', import.meta.url));

/** What a child reports: its subject and its rows. */
export interface ChildReport {
  subject: string;
  rows: Row[];
}

/** Runs `path` (relative to bench/) through `run.js --child`; returns its subject and rows. */
export async function runInOwnProcess(path: string, rounds: number): Promise<ChildReport> {
  const child = spawn(process.execPath, ['--expose-gc', RUN, '--child', path, '--rounds', String(rounds)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise((resolve, reject) => child.on('error', reject).on('close', resolve));
  if (code !== 0) throw new Error(`${path}: its own process exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as ChildReport;
}

/** The child's last stdout line: its rows, its bare call renamed `<subject>.bare`. */
export function childLine(subject: string, rows: Map<string, Row>): string {
  const rename = <T extends string | null | undefined>(id: T): T =>
    (id === 'bare' || id?.startsWith('bare.') ? `${subject}.${id}` : id) as T;
  const out: Row[] = [...rows.values()].map((r) => ({
    id: rename(r.id),
    caseId: rename(r.caseId),
    mode: r.mode,
    label: r.caseId === 'bare' ? `bare async call, in the ${subject} process` : r.label,
    median: r.median,
    q1: r.q1,
    q3: r.q3,
    added: r.added,
    baselineId: rename(r.baselineId),
    rejects: r.rejects,
    peers: r.peers,
    process: subject,
  }));
  return JSON.stringify({ subject, rows: out } satisfies ChildReport);
}
