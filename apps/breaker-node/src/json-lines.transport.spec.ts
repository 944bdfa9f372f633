import { PassThrough, Writable } from 'node:stream';
import { serveJsonLines } from './json-lines.transport.js';

class RecordingWritable extends Writable {
  readonly writes: string[] = [];
  constructor(private readonly slow = false) {
    super({ highWaterMark: slow ? 1 : 16_384, decodeStrings: false });
  }
  override _write(chunk: string, _encoding: string, done: () => void): void {
    this.writes.push(chunk);
    // A slow consumer finishes later, so its buffer fills and write() returns false.
    if (this.slow) setImmediate(done);
    else done();
  }
}

const echo = (line: string) => `<${line}>`;

describe('serveJsonLines', () => {
  it('answers every line of a chunk in one write', async () => {
    const input = new PassThrough();
    const output = new RecordingWritable();
    const served = serveJsonLines(input, output, echo);
    input.end('a\nb\nc\n');
    await served;
    expect(output.writes.filter((w) => w !== '')).toEqual(['<a>\n<b>\n<c>\n']);
  });

  it('writes the replies to one chunk before the next chunk arrives', async () => {
    const input = new PassThrough();
    const output = new RecordingWritable();
    const served = serveJsonLines(input, output, echo);
    input.write('a\nb');
    await new Promise(setImmediate);
    expect(output.writes).toEqual(['<a>\n']);
    input.end('\n');
    await served;
  });

  it('answers a last line without a newline at end of input', async () => {
    const input = new PassThrough();
    const output = new RecordingWritable();
    const served = serveJsonLines(input, output, echo);
    input.end('a\nlast');
    await served;
    expect(output.writes.join('')).toBe('<a>\n<last>\n');
  });

  it('ignores blank lines', async () => {
    const input = new PassThrough();
    const output = new RecordingWritable();
    const served = serveJsonLines(input, output, echo);
    input.end('\n  \na\n\n');
    await served;
    expect(output.writes.join('')).toBe('<a>\n');
  });

  it('joins a multi-byte character split across chunks', async () => {
    const input = new PassThrough();
    const output = new RecordingWritable();
    const served = serveJsonLines(input, output, echo);
    const bytes = Buffer.from('é\n');
    input.write(bytes.subarray(0, 1));
    input.end(bytes.subarray(1));
    await served;
    expect(output.writes.join('')).toBe('<é>\n');
  });

  it('stops reading while the output is backed up, and loses no reply', async () => {
    const input = new PassThrough();
    const output = new RecordingWritable(true);
    let paused = false;
    input.on('pause', () => (paused = true));
    const served = serveJsonLines(input, output, echo);
    const lines = Array.from({ length: 1_000 }, (_, i) => `${i}\n`);
    for (const line of lines) input.write(line);
    input.end();
    await served;
    expect(paused).toBe(true);
    expect(output.writes.join('')).toBe(lines.map((l) => `<${l.trim()}>\n`).join(''));
  });
});
