/** How many lines a log view keeps by default (older lines are dropped, and the view says so). */
export const DEFAULT_LINE_CAP = 100_000;

/**
 * The lines of a log as they stream in: text arrives in chunks that may end mid-line; the
 * unfinished last line is shown as it grows. At most `cap` lines are kept; older ones are
 * dropped from the front and counted in `dropped`.
 */
export class LogBuffer {
  private lines: string[] = [];
  private partial = '';
  /** Lines dropped from the front to stay under the cap. */
  dropped = 0;

  readonly cap: number;

  constructor(cap: number = DEFAULT_LINE_CAP) {
    this.cap = cap;
  }

  /** Appends a chunk of text. */
  append(chunk: string): void {
    if (chunk === '') return;
    const pieces = (this.partial + chunk).split('\n');
    this.partial = pieces.pop() ?? '';
    for (const piece of pieces) {
      this.lines.push(piece.endsWith('\r') ? piece.slice(0, -1) : piece);
    }
    this.trim();
  }

  /** Ends the stream: an unfinished last line becomes a line. */
  finish(): void {
    if (this.partial !== '') {
      this.lines.push(this.partial);
      this.partial = '';
      this.trim();
    }
  }

  /** Forgets everything. */
  clear(): void {
    this.lines = [];
    this.partial = '';
    this.dropped = 0;
  }

  /** Lines held, the unfinished last one included. */
  get size(): number {
    return this.lines.length + (this.partial === '' ? 0 : 1);
  }

  /** The line at `index` (0 is the oldest kept). */
  line(index: number): string {
    return index < this.lines.length ? (this.lines[index] ?? '') : this.partial;
  }

  /** Every line held (a copy). */
  toArray(): string[] {
    return this.partial === '' ? [...this.lines] : [...this.lines, this.partial];
  }

  private trim(): void {
    const over = this.lines.length - this.cap;
    if (over > 0) {
      this.lines.splice(0, over);
      this.dropped += over;
    }
  }
}

/** The `[pod] ` or `[index pod] ` prefix of a merged Job log line, split from the rest. */
export function splitPodPrefix(line: string): { prefix: string; rest: string } {
  const match = /^\[[^\]\s]+(?: [^\]\s]+)?\] /.exec(line);
  return match ? { prefix: match[0], rest: line.slice(match[0].length) } : { prefix: '', rest: line };
}

/** Characters of one line shown before it is cut (with a "show all" toggle). */
export const LINE_DISPLAY_LIMIT = 5_000;

/** A line cut to `limit` characters for display, and how many were hidden. */
export function truncateLine(line: string, limit: number = LINE_DISPLAY_LIMIT): { text: string; hidden: number } {
  return line.length <= limit ? { text: line, hidden: 0 } : { text: line.slice(0, limit), hidden: line.length - limit };
}
