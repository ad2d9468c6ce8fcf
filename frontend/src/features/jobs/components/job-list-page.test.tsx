import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import type { components } from '@/api/schema';
import { json, renderRoutes, stubApi } from '@/test/render';

type JobSummary = components['schemas']['JobSummary'];
type Permissions = components['schemas']['Permissions'];

const BASE = '/api/v1/clusters/sandbox/projects/demo-project';
const PAGE = '/clusters/sandbox/projects/demo-project/jobs';

function job(name: string, overrides: Partial<JobSummary> = {}): JobSummary {
  return {
    name,
    status: 'Running',
    completions: 4,
    parallelism: 2,
    succeeded: 1,
    failed: 0,
    active: 2,
    labels: {},
    createdAt: '2025-03-01T12:00:00Z',
    durationSeconds: 80,
    ...overrides,
  };
}

const OPERATOR: Permissions = { view: true, create: true, edit: true, delete: true, rerun: true, suspend: true, logs: true };
const VIEWER: Permissions = { view: true, create: false, edit: false, delete: false, rerun: false, suspend: false, logs: true };

interface Setup {
  list?: (url: URL) => Response;
  permissions?: Permissions;
  quota?: () => Response;
  remove?: (name: string) => Response;
}

/** Stubs the list's API; returns the query strings the list was asked with and the DELETEs. */
function setup({ list, permissions = OPERATOR, quota, remove }: Setup = {}) {
  const queries: URLSearchParams[] = [];
  const deleted: string[] = [];
  const answerList =
    list ?? (() => json({ items: [job('pi', { alias: 'Compute pi' }), job('done', { status: 'Completed', succeeded: 4 })], total: 2 }));
  const table: Record<string, (request: Request) => Response> = {
    [`${BASE}/jobs`]: (request) => {
      const url = new URL(request.url);
      queries.push(url.searchParams);
      return answerList(url);
    },
    [`${BASE}/permissions`]: () => json(permissions),
    [`${BASE}/quota`]: quota ?? (() => json({ items: [], pods: null, cpu: null, memory: null })),
  };
  for (const name of ['pi', 'done', 'broken']) {
    table[`${BASE}/jobs/${name}`] = (request) => {
      if (request.method !== 'DELETE') return json({ code: 405, reason: 'MethodNotAllowed', message: 'no' }, 405);
      deleted.push(name);
      return remove ? remove(name) : json({ name, propagationPolicy: 'Background' });
    };
  }
  stubApi(table);
  return { queries, deleted };
}

// Skipping the pointer-events check (a getComputedStyle walk per event) keeps antd fast.
const setupUser = () => userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

/** The first render of the whole app is slow on a busy machine: wait for it generously. */
const firstRow = (name: string) => screen.findByRole('link', { name }, { timeout: 30_000 });

const asked = (queries: URLSearchParams[], predicate: (query: URLSearchParams) => boolean) =>
  waitFor(() => expect(queries.some(predicate)).toBe(true));

// antd's table is heavy for jsdom: give each test room on a busy machine.
describe('JobListPage', { timeout: 60_000 }, () => {
  beforeAll(() => {
    // Role queries check every element's computed visibility, which is slow on antd's big
    // tables; nothing these tests look for is hidden, so skip that check.
    configure({ defaultHidden: true });
  });
  afterAll(() => {
    configure({ defaultHidden: false });
  });

  it('lists the Jobs with status, completions, duration and alias, newest first', async () => {
    const { queries } = setup();
    renderRoutes({ path: PAGE });

    expect(await firstRow('pi')).toHaveAttribute('href', `${PAGE}/pi`);
    const table = screen.getByRole('table');
    expect(within(table).getByText('Compute pi')).toBeInTheDocument();
    expect(within(table).getByText('Completed')).toBeInTheDocument();
    expect(within(table).getByText('1/4')).toBeInTheDocument();
    expect(within(table).getAllByText('1m 20s')).toHaveLength(2);
    expect(queries[0]?.get('sortBy')).toBe('createdAt');
    expect(queries[0]?.get('order')).toBe('desc');
    expect(queries[0]?.get('limit')).toBe('10');
    expect(await screen.findByRole('button', { name: /Create Job/ })).toBeInTheDocument();
  });

  it('shows the reason of a failed Job', async () => {
    setup({ list: () => json({ items: [job('broken', { status: 'Failed', reason: 'BackoffLimitExceeded' })], total: 1 }) });
    renderRoutes({ path: PAGE });

    expect(await screen.findByText('BackoffLimitExceeded')).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
  });

  it('sends the search, the statuses and the sort to the server', async () => {
    const user = setupUser();
    const { queries } = setup();
    renderRoutes({ path: PAGE });
    await firstRow('pi');

    await user.type(screen.getByRole('textbox', { name: 'Search by name or alias' }), 'pi');
    await asked(queries, (query) => query.get('search') === 'pi');

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByTitle('Failed'));
    await asked(queries, (query) => query.get('status') === 'Failed' && query.get('search') === 'pi');

    await user.click(screen.getByRole('columnheader', { name: /Name/ }));
    await asked(queries, (query) => query.get('sortBy') === 'name' && query.get('order') === 'asc');
  });

  it('shows the server’s complaint about a label selector next to it', async () => {
    const user = setupUser();
    setup({
      list: (url) =>
        url.searchParams.has('labelSelector')
          ? json({ code: 400, reason: 'BadRequest', message: 'invalid labelSelector "app in (": expected \')\'' }, 400)
          : json({ items: [job('pi')], total: 1 }),
    });
    renderRoutes({ path: PAGE });
    await firstRow('pi');

    const selector = screen.getByRole('searchbox', { name: 'Label selector' });
    await user.type(selector, 'app in ({Enter}');

    expect(await screen.findByText(/invalid labelSelector/)).toBeInTheDocument();
    expect(selector).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('link', { name: 'pi' })).not.toBeInTheDocument();
  });

  it('pages forward with the continue token and back with the one kept', async () => {
    const user = setupUser();
    const { queries } = setup({
      list: (url) =>
        url.searchParams.get('continue') === 'page-2'
          ? json({ items: [job('second')], total: 11 })
          : json({ items: [job('first')], total: 11, continue: 'page-2' }),
    });
    renderRoutes({ path: PAGE });
    await firstRow('first');
    expect(screen.getByText('Page 1 of 2')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByRole('link', { name: 'second' })).toBeInTheDocument();
    expect(screen.getByText('Page 2 of 2')).toBeInTheDocument();
    expect(queries.some((query) => query.get('continue') === 'page-2')).toBe(true);
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByRole('link', { name: 'first' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
  });

  it('deletes the selected Jobs after confirmation and names the ones that failed', async () => {
    const user = setupUser();
    const { deleted } = setup({
      list: () => json({ items: [job('pi'), job('done'), job('broken')], total: 3 }),
      remove: (name) =>
        name === 'done'
          ? json({ code: 403, reason: 'Forbidden', message: 'jobs "done" is forbidden' }, 403)
          : json({ name, propagationPolicy: 'Background' }),
    });
    renderRoutes({ path: PAGE });
    await firstRow('pi');

    await user.click(screen.getByRole('checkbox', { name: 'Select pi' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select done' }));
    await user.click(screen.getByRole('button', { name: /Delete \(2\)/ }));

    // (rc-component ids are all `test-id` under test, so the dialog's name cannot be resolved.)
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Delete 2 Jobs?')).toBeInTheDocument();
    const names = within(dialog).getByRole('list', { name: /will be deleted/ });
    expect(within(names).getByText('pi')).toBeInTheDocument();
    expect(within(names).getByText('done')).toBeInTheDocument();
    expect(deleted).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));

    expect(await within(dialog).findByText('1 Job could not be deleted')).toBeInTheDocument();
    expect(within(dialog).getByText('done: jobs "done" is forbidden')).toBeInTheDocument();
    expect([...deleted].sort()).toEqual(['done', 'pi']);
  });

  it('shows a viewer the list only: no create, no selection, no delete', async () => {
    setup({ permissions: VIEWER });
    renderRoutes({ path: PAGE });

    await firstRow('pi');
    // Permissions may answer after the list: wait until both are in.
    await waitFor(() => expect(screen.queryByRole('checkbox')).not.toBeInTheDocument());
    expect(screen.queryByRole('button', { name: /Create Job/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
  });

  it('shows the project’s Pod quota above the list', async () => {
    setup({ quota: () => json({ items: [], pods: { used: '3', hard: '20' }, cpu: null, memory: null }) });
    renderRoutes({ path: PAGE });

    expect(await screen.findByText('Pods: 3 / 20')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Pod quota used' })).toHaveAttribute('aria-valuenow', '15');
  });

  it('offers to create the first Job when the project has none', async () => {
    setup({ list: () => json({ items: [], total: 0 }) });
    renderRoutes({ path: PAGE });

    expect(await screen.findByText('No Jobs in this project yet.')).toBeInTheDocument();
    expect(await screen.findAllByRole('button', { name: /Create Job/ })).toHaveLength(2);
  });

  it('says so when the list cannot be loaded, and retries', async () => {
    const user = setupUser();
    let fail = true;
    setup({
      list: () =>
        fail
          ? json({ code: 503, reason: 'ServiceUnavailable', message: 'the cluster is not answering' }, 503)
          : json({ items: [job('pi')], total: 1 }),
    });
    renderRoutes({ path: PAGE });

    expect(await screen.findByText('the cluster is not answering')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'pi' })).toBeInTheDocument();
  });
});
