/**
 * Paging through the server's opaque `continue` tokens. The server can only go forward, so
 * the tokens of the pages seen so far are kept to go back: `tokens[i]` opens page `i`
 * (`undefined` for the first page).
 */
export interface Paging {
  pageSize: number;
  /** Zero-based index of the page shown. */
  page: number;
  tokens: readonly (string | undefined)[];
}

export const PAGE_SIZES = [10, 20, 50] as const;
export const DEFAULT_PAGE_SIZE = 10;

export function firstPage(pageSize: number = DEFAULT_PAGE_SIZE): Paging {
  return { pageSize, page: 0, tokens: [undefined] };
}

/** The `continue` token that opens the page shown. */
export function currentToken(paging: Paging): string | undefined {
  return paging.tokens[paging.page];
}

/** Goes to the next page with the token the current page answered. */
export function nextPage(paging: Paging, token: string): Paging {
  const tokens = [...paging.tokens.slice(0, paging.page + 1), token];
  return { ...paging, page: paging.page + 1, tokens };
}

/** Goes back one page (its token is still known). */
export function previousPage(paging: Paging): Paging {
  return paging.page === 0 ? paging : { ...paging, page: paging.page - 1 };
}

/** How many pages `total` items make (at least one). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The 1-based range of items shown, e.g. `{from: 11, to: 20}`; `null` when the page is empty. */
export function shownRange(paging: Paging, itemsOnPage: number): { from: number; to: number } | null {
  if (itemsOnPage === 0) return null;
  const from = paging.page * paging.pageSize + 1;
  return { from, to: from + itemsOnPage - 1 };
}
