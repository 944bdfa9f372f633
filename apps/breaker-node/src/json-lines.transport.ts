import type { Readable, Writable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';

/**
 * Answers each non-blank line of `input` with one line on `output`. The replies to one
 * chunk of input go out in one write as soon as the chunk is handled: one syscall per
 * chunk rather than per line, and no reply waits for more input. Input pauses while
 * `output` is backed up. Resolves once input has ended and the last replies are written.
 */
export function serveJsonLines(
  input: Readable,
  output: Writable,
  answer: (line: string) => string,
): Promise<void> {
  const splitter = new LineSplitter();
  let batch = '';
  const onLine = (line: string): void => {
    if (line.trim() !== '') batch += answer(line) + '\n';
  };
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    input.on('data', (chunk: string) => {
      splitter.push(chunk, onLine);
      if (batch === '') return;
      const text = batch;
      batch = '';
      if (!output.write(text)) {
        input.pause();
        output.once('drain', () => input.resume());
      }
    });
    input.once('end', () => {
      splitter.end(onLine);
      output.write(batch, (error) => (error ? reject(error) : resolve()));
    });
    input.once('error', reject);
  });
}
