import { EditorView } from '@codemirror/view';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, renderRoutes, stubApi } from '@/test/render';
import { draftKey, saveDraft } from '../lib/draft';
import { emptyContainer, emptyForm, type StepId } from '../lib/form-model';
import { baseManifest } from '../lib/manifest';

const PATH = '/clusters/sandbox/projects/demo-project/jobs/new';
const API = '/api/v1/clusters/sandbox/projects/demo-project';
const forbidden = () => json({ code: 403, reason: 'Forbidden', message: 'no' }, 403);
const empty = () => json({ items: [] });

function lookups(overrides: Record<string, (request: Request) => Response> = {}) {
  return stubApi({
    [`${API}/configmaps`]: empty,
    [`${API}/secrets`]: empty,
    [`${API}/persistentvolumeclaims`]: empty,
    [`${API}/quota`]: empty,
    '/api/v1/clusters/sandbox/nodes': forbidden,
    ...overrides,
  });
}

/** A draft as a reload would find it: the wizard resumes there (and it keeps the tests short). */
function resumeAt(step: StepId, visited: number, image = '') {
  const form = { ...emptyForm(), name: 'pi', containers: [{ ...emptyContainer('main'), image }] };
  saveDraft(draftKey('sandbox', 'demo-project'), { base: baseManifest(), form, yaml: null, step, visited });
}

async function openWizard() {
  renderRoutes({ path: PATH });
  return screen.findByRole('textbox', { name: 'Name' });
}

beforeEach(() => {
  window.sessionStorage.clear();
});

// Whole-app renders with antd are slow in jsdom on a busy machine.
describe('CreateJobPage', { timeout: 90_000 }, () => {
  it('blocks Next while the name is invalid and says why', async () => {
    lookups();
    const user = userEvent.setup({ delay: null });
    const name = await openWizard();
    await user.type(name, 'Bad_Name');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findAllByText(/Use lowercase letters, digits and '-'/)).not.toHaveLength(0);
    expect(screen.getByRole('textbox', { name: 'Name' })).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Container 1' })).not.toBeInTheDocument();
  });

  it("shows a dry run's 422 at the image of container 1, on the Containers step", async () => {
    const posted: string[] = [];
    lookups({
      [`${API}/jobs`]: (request) => {
        posted.push(request.url);
        return json(
          {
            code: 422,
            reason: 'Invalid',
            message: 'the Job is not valid',
            fields: [{ field: 'spec.template.spec.containers[0].image', message: 'image cannot be pulled' }],
          },
          422,
        );
      },
    });
    const user = userEvent.setup({ delay: null });
    resumeAt('basic', 5, 'perl');
    expect(await openWizard()).toHaveValue('pi');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    const image = await screen.findByLabelText('Image (Container 1)');
    await waitFor(() => expect(image).toHaveAccessibleDescription(/image cannot be pulled/));
    expect(image).toHaveValue('perl');
    expect(posted).toEqual([`http://localhost${API}/jobs?dryRun=true`]);
  });

  it('brings an edit made in YAML back into the form', async () => {
    lookups();
    const user = userEvent.setup({ delay: null });
    await user.type(await openWizard(), 'before');
    await user.click(screen.getByRole('switch', { name: 'Edit YAML' }));
    const editor = await screen.findByRole('textbox', { name: 'Job manifest (YAML)' });
    const view = EditorView.findFromDOM(editor);
    expect(view).not.toBeNull();
    const text = view?.state.doc.toString() ?? '';
    expect(text).toContain('name: before');
    act(() => view?.dispatch({ changes: { from: 0, to: text.length, insert: text.replaceAll('before', 'after') } }));
    await user.click(screen.getByRole('switch', { name: 'Edit YAML' }));
    expect(await screen.findByRole('textbox', { name: 'Name' })).toHaveValue('after');
  });

  it('keeps the user in YAML mode on a parse error, naming the line', async () => {
    lookups();
    const user = userEvent.setup({ delay: null });
    await openWizard();
    await user.click(screen.getByRole('switch', { name: 'Edit YAML' }));
    const view = EditorView.findFromDOM(await screen.findByRole('textbox', { name: 'Job manifest (YAML)' }));
    act(() => view?.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: 'kind: Job\nmetadata: [oops\n' } }));
    await user.click(screen.getByRole('switch', { name: 'Edit YAML' }));
    expect(await screen.findByText(/The YAML cannot be read \(line \d+\)/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Job manifest (YAML)' })).toBeInTheDocument();
  });

  it('lets the user type a ConfigMap name when the ConfigMaps may not be listed (403)', async () => {
    lookups({ [`${API}/configmaps`]: forbidden });
    const user = userEvent.setup({ delay: null });
    resumeAt('containers', 2);
    renderRoutes({ path: PATH });
    const container = await screen.findByRole('group', { name: 'Container 1' });
    await user.click(within(container).getByRole('button', { name: /Add variable/ }));
    await user.click(within(container).getByRole('combobox', { name: 'Variable source 1' }));
    await user.click(await screen.findByTitle('ConfigMap key'));
    const configMap = await within(container).findByRole('combobox', { name: 'ConfigMap of variable 1' });
    await user.type(configMap, 'my-settings');
    expect(configMap).toHaveValue('my-settings');
  });
});
