import type { JobStatus, ListJobsQuery } from '../api/list-jobs';
import { currentToken, type Paging } from './paging';

/** The columns the server can sort by, as the list's column keys. */
export const SORT_KEYS = ['name', 'createdAt', 'status', 'duration'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

export interface Sort {
  by: SortKey;
  order: SortOrder;
}

/** The server's default: newest first. */
export const DEFAULT_SORT: Sort = { by: 'createdAt', order: 'desc' };

/** What the user asked the list for. */
export interface JobFilters {
  search: string;
  statuses: readonly JobStatus[];
  labelSelector: string;
}

export const NO_FILTERS: JobFilters = { search: '', statuses: [], labelSelector: '' };

/** Whether any filter narrows the list. */
export function isFiltered(filters: JobFilters): boolean {
  return filters.search.trim() !== '' || filters.statuses.length > 0 || filters.labelSelector.trim() !== '';
}

/** The query parameters of `GET jobs` for the filters, sort and page; empty ones left out. */
export function listQuery(filters: JobFilters, sort: Sort, paging: Paging): ListJobsQuery {
  const query: ListJobsQuery = { sortBy: sort.by, order: sort.order, limit: paging.pageSize };
  const search = filters.search.trim();
  if (search) query.search = search;
  if (filters.statuses.length > 0) query.status = filters.statuses.join(',');
  const selector = filters.labelSelector.trim();
  if (selector) query.labelSelector = selector;
  const token = currentToken(paging);
  if (token) query.continue = token;
  return query;
}

/** antd's sort order of a column. */
export type ColumnSortOrder = 'ascend' | 'descend' | null;

/** Which order a column header shows for the current sort. */
export function columnSortOrder(sort: Sort, key: SortKey): ColumnSortOrder {
  if (sort.by !== key) return null;
  return sort.order === 'asc' ? 'ascend' : 'descend';
}

/** The sort a click on a header asks for; clearing it goes back to the default. */
export function sortFromColumn(key: unknown, order: ColumnSortOrder | undefined): Sort {
  if (!order || !(SORT_KEYS as readonly unknown[]).includes(key)) return DEFAULT_SORT;
  return { by: key as SortKey, order: order === 'ascend' ? 'asc' : 'desc' };
}
