// Throughput of bin/breaker-node: pipes a fixed number of mixed call messages through one
// process and times them from the first byte written to the last reply read.
//   npm run bench:breaker-node [-- --messages N] [--json]   (node dist/bench/breaker-node.js after a build)
// With --json the last line is {"breakerNodeMsgsPerSec": n}.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Body, Envelope } from '../apps/breaker-node/src/maelstrom.js';

// This file runs as dist/bench/breaker-node.js.
const BIN = fileURLToPath(new URL('../../bin/breaker-node', import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const countAt = args.indexOf('--messages');
const total = countAt >= 0 ? Number(args[countAt + 1]) : 300_000;
if (!Number.isSafeInteger(total) || total < 1) {
  console.error('bench/breaker-node: --messages must be a positive integer');
  process.exit(2);
}

const SERVICES = 64;
const BATCH = 2_000;
const SAMPLE = 101;

// Each service sees a 16-round cycle that produces every reply type: failures that open
// its breaker, fail-fast rejections, a forced probe that closes it, forced failures,
// successes, and forced open and closed states.
const CYCLE: Omit<Body, 'type'>[] = [
  { force_failure: true },
  { force_failure: true },
  { force_failure: true },
  { force_failure: true },
  { force_failure: true },
  {},
  {},
  {},
  { state: 'half_open', force_success: true },
  { force_failures: 2 },
  {},
  {},
  {},
  {},
  { state: 'open' },
  { state: 'closed' },
];

function message(i: number): string {
  const round = Math.floor(i / SERVICES) % CYCLE.length;
  const body: Body = { type: 'call', msg_id: i, ...CYCLE[round] };
  return JSON.stringify({ src: 'bench', dest: `service-${i % SERVICES}`, body } satisfies Envelope);
}

const lines: string[] = [];
for (let i = 0; i < total; i += BATCH) {
  let chunk = '';
  for (let j = i; j < Math.min(i + BATCH, total); j++) chunk += message(j) + '\n';
  lines.push(chunk);
}

// The default 10 s reset timeout outlasts the run, so opened breakers stay open unless a
// message closes them.
const child = spawn(BIN, [], { stdio: ['pipe', 'pipe', 'inherit'] });

// Node's startup is not throughput: the clock starts once the node has answered an init.
const init: Envelope = {
  src: 'bench',
  dest: 'n1',
  body: { type: 'init', msg_id: 0, node_id: 'n1', node_ids: ['n1'] },
};
child.stdin.write(JSON.stringify(init) + '\n');
await new Promise((resolve, reject) => {
  child.stdout.once('data', resolve);
  child.once('error', reject);
});

let replies = 0;
const types = new Map<string, number>();
const done = new Promise<void>((resolve, reject) => {
  // Counts newlines in the raw bytes and parses only a sample of replies (those that lie
  // whole in one chunk), so the bench measures the node, not its own reading.
  child.stdout.on('data', (chunk: Buffer) => {
    let lineStart = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, lineStart)) {
      if (++replies % SAMPLE === 0 && lineStart > 0) {
        const { body } = JSON.parse(chunk.toString('utf8', lineStart, nl)) as Envelope;
        const key = body.error ? `${body.type} "${String(body.error)}"` : body.type;
        types.set(key, (types.get(key) ?? 0) + 1);
      }
      lineStart = nl + 1;
    }
  });
  child.once('close', (code) =>
    code === 0 ? resolve() : reject(new Error(`breaker-node exited with ${code}`)),
  );
});

const started = performance.now();
for (const chunk of lines) {
  if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve));
}
child.stdin.end();
await done;
const seconds = (performance.now() - started) / 1000;

if (replies !== total) {
  console.error(`bench/breaker-node: sent ${total} messages but got ${replies} replies`);
  process.exit(1);
}
const msgsPerSec = Math.round(total / seconds);
console.log(
  `breaker-node: ${total} messages in ${seconds.toFixed(3)} s = ${msgsPerSec.toLocaleString('en-US')} msgs/s`,
);
console.log(`sampled reply types: ${[...types].map(([t, n]) => `${t} x${n}`).join(', ')}`);
if (json) console.log(JSON.stringify({ breakerNodeMsgsPerSec: msgsPerSec }));
