import { ApiError } from '@/api/client';
import { isSelectorError, isStaleTokenError } from './errors';
import { DEFAULT_SORT, NO_FILTERS, columnSortOrder, isFiltered, listQuery, sortFromColumn } from './list-query';
import { firstPage, nextPage } from './paging';

describe('listQuery', () => {
  it('asks for the default sort and page size and nothing else', () => {
    expect(listQuery(NO_FILTERS, DEFAULT_SORT, firstPage(20))).toEqual({ sortBy: 'createdAt', order: 'desc', limit: 20 });
  });

  it('sends search, statuses, selector and the page token', () => {
    const query = listQuery(
      { search: ' pi ', statuses: ['Running', 'Failed'], labelSelector: 'app=pi' },
      { by: 'name', order: 'asc' },
      nextPage(firstPage(10), 'token-2'),
    );
    expect(query).toEqual({
      search: 'pi',
      status: 'Running,Failed',
      labelSelector: 'app=pi',
      sortBy: 'name',
      order: 'asc',
      limit: 10,
      continue: 'token-2',
    });
  });

  it('knows when a filter is set', () => {
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, search: '  ' })).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, statuses: ['Completed'] })).toBe(true);
  });
});

describe('sorting by column', () => {
  it('maps between antd orders and the server sort', () => {
    expect(columnSortOrder(DEFAULT_SORT, 'createdAt')).toBe('descend');
    expect(columnSortOrder(DEFAULT_SORT, 'name')).toBeNull();
    expect(sortFromColumn('duration', 'ascend')).toEqual({ by: 'duration', order: 'asc' });
    expect(sortFromColumn('status', 'descend')).toEqual({ by: 'status', order: 'desc' });
  });

  it('goes back to newest first when the sort is cleared or unknown', () => {
    expect(sortFromColumn('name', null)).toEqual(DEFAULT_SORT);
    expect(sortFromColumn('completions', 'ascend')).toEqual(DEFAULT_SORT);
  });
});

describe('list errors', () => {
  const badRequest = (message: string) => new ApiError({ code: 400, reason: 'BadRequest', message });

  it('tells a bad label selector from a stale token', () => {
    const selector = badRequest('invalid labelSelector "app==": expected a value');
    const token = badRequest('invalid continue token: wrong query; start again from the first page');
    expect(isSelectorError(selector)).toBe(true);
    expect(isStaleTokenError(selector)).toBe(false);
    expect(isStaleTokenError(token)).toBe(true);
    expect(isSelectorError(new ApiError({ code: 500, reason: 'InternalError', message: 'labelSelector' }))).toBe(false);
  });
});
