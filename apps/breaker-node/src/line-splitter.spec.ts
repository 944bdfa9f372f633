import { LineSplitter } from './line-splitter.js';

function split(chunks: string[]): string[] {
  const splitter = new LineSplitter();
  const lines: string[] = [];
  for (const chunk of chunks) splitter.push(chunk, (line) => lines.push(line));
  splitter.end((line) => lines.push(line));
  return lines;
}

describe('LineSplitter', () => {
  it('yields every line of a chunk', () => {
    expect(split(['a\nb\nc\n'])).toEqual(['a', 'b', 'c']);
  });

  it('joins a line split across chunks', () => {
    expect(split(['{"ty', 'pe":', '1}\n{"x"', ':2}\n'])).toEqual(['{"type":1}', '{"x":2}']);
  });

  it('yields a last line that has no newline at end of input', () => {
    expect(split(['a\nb'])).toEqual(['a', 'b']);
  });

  it('strips the carriage return of CRLF line endings', () => {
    expect(split(['a\r\nb\r', '\n'])).toEqual(['a', 'b']);
  });

  it('keeps empty lines, leaving the caller to decide about them', () => {
    expect(split(['\n\na\n'])).toEqual(['', '', 'a']);
  });

  it('yields nothing for empty input', () => {
    expect(split([])).toEqual([]);
  });

  it('waits for the newline before yielding a line', () => {
    const splitter = new LineSplitter();
    const lines: string[] = [];
    splitter.push('partial', (line) => lines.push(line));
    expect(lines).toEqual([]);
  });
});
