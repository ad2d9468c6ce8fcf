import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, renderRoutes, stubApi } from '@/test/render';
import { JobDetailPage } from './job-detail-page';

const BASE = '/api/v1/clusters/sandbox/projects/demo/jobs/pi';
const PATH = '/clusters/sandbox/projects/demo/jobs/pi';

const JOB = {
  metadata: {
    name: 'pi',
    uid: 'u1',
    creationTimestamp: '2024-01-01T00:00:00Z',
    labels: { app: 'pi' },
    annotations: { 'kubesphere.io/alias-name': 'Pi digits', 'kubesphere.io/description': 'Computes pi' },
  },
  spec: {
    completions: 4,
    parallelism: 2,
    template: {
      spec: {
        containers: [
          {
            name: 'pi',
            env: [
              { name: 'LEVEL', value: 'debug' },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } },
            ],
          },
        ],
      },
    },
  },
  status: {
    startTime: '2024-01-01T00:00:01Z',
    active: 2,
    succeeded: 1,
  },
};

const POD = {
  name: 'pi-abc',
  phase: 'Running',
  ready: 1,
  containersTotal: 1,
  restarts: 0,
  node: 'node-1',
  podIp: '10.0.0.5',
  createdAt: '2024-01-01T00:00:01Z',
  startTime: '2024-01-01T00:00:02Z',
  containers: [{ name: 'pi', init: false, ready: true, restarts: 0, state: 'running' }],
};

const ALL = { view: true, create: true, edit: true, delete: true, rerun: true, suspend: true, logs: true };

function stubJob(overrides: Record<string, (request: Request) => Response | Promise<Response>> = {}) {
  return stubApi({
    [BASE]: () => json(JOB),
    '/api/v1/clusters/sandbox/projects/demo/permissions': () => json(ALL),
    [`${BASE}/pods`]: () => json({ items: [POD] }),
    [`${BASE}/records`]: () => json({ items: [] }),
    [`${BASE}/events`]: () => json({ items: [] }),
    '/api/v1/clusters/sandbox/projects/demo/jobs': () => json({ items: [], total: 0 }),
    ...overrides,
  });
}

async function actions() {
  return screen.findByRole('group', { name: 'Job actions' });
}

// Whole-app renders with antd tables are slow in jsdom on a busy machine.
describe('JobDetailPage', { timeout: 90_000 }, () => {
  it('shows the header, the Pods and the timeline from the answers', async () => {
    stubJob();
    renderRoutes({ path: PATH });
    expect(await screen.findByRole('heading', { level: 2, name: 'pi' })).toBeInTheDocument();
    expect(screen.getByText('Pi digits')).toBeInTheDocument();
    expect(screen.getByText('Computes pi')).toBeInTheDocument();
    expect(screen.getAllByText('Running').length).toBeGreaterThan(0);
    expect(screen.getByText('1/4')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Back to Jobs/ })).toHaveAttribute('href', '/clusters/sandbox/projects/demo/jobs');
    const pods = await screen.findByRole('table', { name: 'Pods' });
    expect(await within(pods).findByText('pi-abc')).toBeInTheDocument();
    expect(within(pods).getByText('10.0.0.5')).toBeInTheDocument();
    const timeline = screen.getByRole('figure', { name: 'Pod timeline' });
    expect(within(timeline).getByRole('img', { name: /pi-abc: Running/ })).toBeInTheDocument();
    for (const name of ['Execution records', 'Metadata', 'Environment variables', 'Events']) {
      expect(screen.getByRole('tab', { name })).toBeInTheDocument();
    }
  });

  it('shows env var sources', async () => {
    stubJob();
    renderRoutes({ path: PATH });
    await userEvent.click(await screen.findByRole('tab', { name: 'Environment variables' }));
    const table = await screen.findByRole('table', { name: 'Container pi' });
    expect(within(table).getByText('debug')).toBeInTheDocument();
    expect(within(table).getByText('Secret db / pw')).toBeInTheDocument();
  });

  it('asks before forcing a rerun of a running Job (409)', async () => {
    const calls: string[] = [];
    stubJob({
      [`${BASE}/rerun`]: (request) => {
        const force = new URL(request.url).searchParams.get('force');
        calls.push(force ?? 'none');
        return force === 'true'
          ? json({ items: [] })
          : json({ code: 409, reason: 'Conflict', message: 'the Job is still running' }, 409);
      },
    });
    renderRoutes({ path: PATH });
    await userEvent.click(within(await actions()).getByRole('button', { name: 'Rerun' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getAllByText('Rerun a running Job?').length).toBeGreaterThan(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Rerun anyway' }));
    await waitFor(() => expect(calls).toEqual(['none', 'true']));
  });

  it('deletes only once the name is typed', async () => {
    let deleted = false;
    stubJob({
      [BASE]: (request) => {
        if (request.method === 'DELETE') {
          deleted = true;
          return json({ name: 'pi', propagationPolicy: 'Background' });
        }
        return json(JOB);
      },
    });
    renderRoutes({
      path: PATH,
      routes: [
        { path: 'clusters/:cluster/projects/:project/jobs/:job', element: <JobDetailPage /> },
        { path: 'clusters/:cluster/projects/:project/jobs', element: <h2>The Job list</h2> },
      ],
    });
    await userEvent.click(within(await actions()).getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    const ok = within(dialog).getByRole('button', { name: 'Delete' });
    expect(ok).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/Type the Job's name/), 'p');
    expect(ok).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/Type the Job's name/), 'i');
    expect(ok).toBeEnabled();
    await userEvent.click(ok);
    await waitFor(() => expect(deleted).toBe(true));
    // Going back to the list afterwards is checked by e2e/job-detail.spec.ts.
  });

  it('shows a 422 field error on the edit form and keeps what was typed', async () => {
    stubJob({
      [`${BASE}/info`]: () =>
        json(
          {
            code: 422,
            reason: 'Invalid',
            message: 'invalid',
            fields: [{ field: 'alias', message: 'must not contain control characters' }],
          },
          422,
        ),
    });
    renderRoutes({ path: PATH });
    await userEvent.click(within(await actions()).getByRole('button', { name: 'Edit info' }));
    const dialog = await screen.findByRole('dialog');
    const alias = within(dialog).getByLabelText('Alias');
    await userEvent.clear(alias);
    await userEvent.type(alias, 'New name');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('must not contain control characters')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Alias')).toHaveValue('New name');
  });

  it('edits the YAML and saves it guarded by the version read; a conflict says so', async () => {
    const bodies: string[] = [];
    let conflict = false;
    const job = { ...JOB, metadata: { ...JOB.metadata, generation: 7 } };
    stubJob({
      [BASE]: async (request) => {
        if (request.method === 'PUT') {
          bodies.push(await request.text());
          return conflict
            ? json({ code: 409, reason: 'Conflict', message: 'job "pi" was changed by someone else' }, 409)
            : json(job);
        }
        if (new URL(request.url).searchParams.get('format') === 'yaml') {
          return new Response('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  completions: 4\n', {
            headers: { 'Content-Type': 'application/yaml' },
          });
        }
        return json(job);
      },
    });
    const user = userEvent.setup();
    renderRoutes({ path: PATH });
    await user.click(within(await actions()).getByRole('button', { name: 'View YAML' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(await within(dialog).findByRole('button', { name: 'Edit' }));
    expect(await within(dialog).findByRole('textbox', { name: 'Job manifest (YAML)' })).toBeInTheDocument();

    conflict = true;
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Someone changed this Job since you opened it')).toBeInTheDocument();
    expect(bodies[0]).toContain('generation: 7');
    expect(bodies[0]).toContain('completions: 4');

    conflict = false;
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(bodies).toHaveLength(2);
  });

  it('shows a viewer no changing actions', async () => {
    stubJob({
      '/api/v1/clusters/sandbox/projects/demo/permissions': () =>
        json({ ...ALL, create: false, edit: false, delete: false, rerun: false, suspend: false }),
    });
    renderRoutes({ path: PATH });
    const group = await actions();
    expect(within(group).getByRole('button', { name: 'View YAML' })).toBeInTheDocument();
    for (const name of ['Edit info', 'Rerun', 'Suspend', 'Delete']) {
      expect(within(group).queryByRole('button', { name })).not.toBeInTheDocument();
    }
  });
});
