/**
 * Cuts a stream of text into lines, carrying a partial line over to the next chunk.
 * Line endings are `\n` or `\r\n` and are not part of the line.
 */
export class LineSplitter {
  private carry = '';

  /** Calls `onLine` for each line that `chunk` completes. */
  push(chunk: string, onLine: (line: string) => void): void {
    let end = chunk.indexOf('\n');
    if (end < 0) {
      this.carry += chunk;
      return;
    }
    onLine(withoutCr(this.carry + chunk.slice(0, end)));
    let start = end + 1;
    while ((end = chunk.indexOf('\n', start)) >= 0) {
      onLine(withoutCr(chunk.slice(start, end)));
      start = end + 1;
    }
    this.carry = chunk.slice(start);
  }

  /** Calls `onLine` for a last line that had no newline, if any. */
  end(onLine: (line: string) => void): void {
    const rest = this.carry;
    this.carry = '';
    if (rest !== '') onLine(withoutCr(rest));
  }
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
