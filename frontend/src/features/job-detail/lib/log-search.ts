/** One match of a search in a log: the line (index into the buffer) and where it starts. */
export interface LogMatch {
  line: number;
  start: number;
}

/** Most matches a search collects (a search for `e` in 100k lines must stay quick). */
export const MATCH_LIMIT = 10_000;

/**
 * Every match of `query` (case ignored) in the lines `0..size`, in order, at most `limit`.
 * An empty query matches nothing.
 */
export function findMatches(
  size: number,
  line: (index: number) => string,
  query: string,
  limit: number = MATCH_LIMIT,
): LogMatch[] {
  if (query === '') return [];
  const needle = query.toLowerCase();
  const matches: LogMatch[] = [];
  for (let i = 0; i < size && matches.length < limit; i += 1) {
    const text = line(i).toLowerCase();
    let at = text.indexOf(needle);
    while (at !== -1 && matches.length < limit) {
      matches.push({ line: i, start: at });
      at = text.indexOf(needle, at + needle.length);
    }
  }
  return matches;
}

/** A piece of a line: plain, a match, or the current match. */
export interface Segment {
  text: string;
  match: boolean;
  current: boolean;
}

/**
 * Splits `text` into plain and matching pieces for `query` (case ignored). `currentStart` is
 * the position of the current match in this line, if it is here; `offset` is where `text`
 * begins in the whole line (after a dimmed prefix, say).
 */
export function highlight(text: string, query: string, currentStart?: number, offset = 0): Segment[] {
  if (query === '') return [{ text, match: false, current: false }];
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  const segments: Segment[] = [];
  let from = 0;
  let at = lower.indexOf(needle);
  while (at !== -1) {
    if (at > from) segments.push({ text: text.slice(from, at), match: false, current: false });
    segments.push({ text: text.slice(at, at + needle.length), match: true, current: at + offset === currentStart });
    from = at + needle.length;
    at = lower.indexOf(needle, from);
  }
  if (from < text.length || segments.length === 0) segments.push({ text: text.slice(from), match: false, current: false });
  return segments;
}

/** The next (or previous, `step` -1) match index, wrapping around; -1 when there is none. */
export function stepMatch(current: number, count: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}
