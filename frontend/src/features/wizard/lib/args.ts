/**
 * Command and argument lists: one input per argument, so an argument may hold a comma;
 * pasting KubeSphere's comma form (`perl,-Mbignum=bpi,-wle,print bpi(2000)`) splits it.
 */

/** Splits pasted text in KubeSphere's comma form into arguments; one argument when it has no comma. */
export function splitPastedArgs(text: string): string[] {
  const trimmed = text.replace(/\r?\n$/, '');
  if (!trimmed.includes(',')) return [trimmed];
  return trimmed.split(',').map((part) => part.trim());
}

/** Puts pasted arguments in place of the one at `index`. */
export function insertArgs(list: string[], index: number, pasted: string[]): string[] {
  return [...list.slice(0, index), ...pasted, ...list.slice(index + 1)];
}
