import { expect, test, type Page } from '@playwright/test';
import { cspViolations, csrfToken, installCspRecorder, signIn, watchForProblems } from './support';

const PROJECT = '/api/v1/clusters/sandbox/projects/demo-project';

async function createJob(page: Page, name: string): Promise<void> {
  const response = await page.request.post(`${PROJECT}/jobs`, {
    headers: { 'x-csrf-token': await csrfToken(page) },
    data: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name },
      spec: {
        backoffLimit: 0,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo hello; sleep 2; echo bye'] }],
          },
        },
      },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
}

test.beforeEach(async ({ page }) => {
  await installCspRecorder(page);
});

test('an operator follows a Job to completion, reads its logs, reruns and deletes it', async ({ page }) => {
  test.setTimeout(90_000);
  const name = `f2-${Math.random().toString(36).slice(2, 8)}`;
  // Leaving the page after the delete cancels the Job's polls still in flight: expected.
  const jobPath = `${PROJECT}/jobs/${name}`;
  const problems = watchForProblems(page, [jobPath, `${jobPath}/pods`, `${jobPath}/records`, `${jobPath}/events`]);
  await signIn(page, 'project-regular');
  await createJob(page, name);

  try {
    await page.goto(`/clusters/sandbox/projects/demo-project/jobs/${name}`);
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
    await expect(page.getByText('Completed', { exact: true }).first()).toBeVisible({ timeout: 45_000 });

    // Resource status: the Pod and its bar on the timeline.
    const pods = page.getByRole('table', { name: 'Pods' });
    const podCell = pods.getByRole('cell', { name: new RegExp(`^${name}-`) }).first();
    await expect(podCell).toBeVisible();
    const podName = (await podCell.textContent()) ?? '';
    await expect(page.getByRole('figure', { name: 'Pod timeline' }).getByRole('img', { name: new RegExp(podName) })).toBeVisible();

    // The Pod's log.
    await page.getByRole('button', { name: `Logs of ${podName}` }).click();
    const drawer = page.getByRole('dialog', { name: `Logs of ${podName}` });
    const log = drawer.getByRole('log', { name: 'Log lines' });
    await expect(log).toContainText('hello');
    await expect(log).toContainText('bye');
    await drawer.getByRole('button', { name: 'Close' }).click();
    await expect(drawer).toBeHidden();

    // Every Pod's log, merged with a prefix.
    await page.getByRole('button', { name: 'Logs of all Pods' }).click();
    const all = page.getByRole('dialog', { name: `Logs of all Pods of ${name}` });
    await expect(all.getByRole('log')).toContainText(`[${podName}] hello`);
    await all.getByRole('button', { name: 'Close' }).click();
    await expect(all).toBeHidden();

    // Rerun (it has finished, so no confirmation), then two runs are recorded.
    await page.getByRole('group', { name: 'Job actions' }).getByRole('button', { name: 'Rerun' }).click();
    await page.getByRole('tab', { name: 'Execution records' }).click();
    const records = page.getByRole('table', { name: 'Execution records' });
    await expect(records.getByRole('row')).toHaveCount(3, { timeout: 20_000 }); // header + 2 runs
    await expect(records.getByText('#2')).toBeVisible();

    // Edit the YAML: raise the parallelism (a mutable field) and save; the Job has it.
    await page.getByRole('group', { name: 'Job actions' }).getByRole('button', { name: 'View YAML' }).click();
    const yamlDialog = page.getByRole('dialog', { name: `YAML of ${name}` });
    await yamlDialog.getByRole('button', { name: 'Edit' }).click();
    const editor = yamlDialog.getByRole('textbox', { name: 'Job manifest (YAML)' });
    await expect(editor).toContainText('generation:');
    await editor.getByText('parallelism: 1', { exact: true }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText('3');
    await expect(editor).toContainText('parallelism: 3');
    await yamlDialog.getByRole('button', { name: 'Save' }).click();
    await expect(yamlDialog).toBeHidden();
    await expect
      .poll(async () => ((await (await page.request.get(jobPath)).json()) as { spec: { parallelism?: number } }).spec.parallelism)
      .toBe(3);

    // Delete, confirming with the name.
    await page.getByRole('group', { name: 'Job actions' }).getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Job' });
    const ok = dialog.getByRole('button', { name: 'Delete' });
    await expect(ok).toBeDisabled();
    await dialog.getByLabel(/Type the Job's name/).fill(name);
    await ok.click();
    await expect(page).toHaveURL(/\/clusters\/sandbox\/projects\/demo-project\/jobs$/);
  } finally {
    // Leave nothing behind if a step failed (404 once deleted).
    await page.request.delete(`${PROJECT}/jobs/${name}`, { headers: { 'x-csrf-token': await csrfToken(page) } });
  }

  expect(await cspViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});
