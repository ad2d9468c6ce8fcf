import { expect, test, type Page } from '@playwright/test';
import { cspViolations, csrfToken, installCspRecorder, signIn, watchForProblems } from './support';

const PROJECT = '/api/v1/clusters/sandbox/projects/demo-project';
const WIZARD = '/clusters/sandbox/projects/demo-project/jobs/new';

// A tall window, so the YAML editor shows the whole manifest (CodeMirror draws visible lines only).
test.use({ viewport: { width: 1280, height: 2200 } });

test.beforeEach(async ({ page }) => {
  await installCspRecorder(page);
});

function uniqueName(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Deletes a Job through the API (the session's CSRF token from `GET /api/v1/me`). */
async function deleteJob(page: Page, name: string): Promise<void> {
  const response = await page.request.delete(`${PROJECT}/jobs/${name}`, { headers: { 'X-CSRF-Token': await csrfToken(page) } });
  expect([200, 202, 404]).toContain(response.status());
}

test('a project user creates a Job with the wizard, checks its YAML and lands on its page', async ({ page }) => {
  test.setTimeout(60_000);
  const problems = watchForProblems(page);
  await signIn(page, 'project-regular');
  const name = uniqueName('f3-wizard');

  try {
    await page.goto(WIZARD);
    await expect(page.getByRole('heading', { level: 2, name: 'Create Job' })).toBeVisible();

    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByLabel('Completions').fill('2');
    await page.getByRole('button', { name: 'Next' }).click();

    const container = page.getByRole('group', { name: 'Container 1' });
    await container.getByLabel('Image (Container 1)').fill('busybox:1.36');
    for (const [index, arg] of ['sh', '-c', 'echo wizard'].entries()) {
      await container.getByRole('button', { name: 'Add Command argument (Container 1)' }).click();
      await container.getByLabel(`Command argument (Container 1) ${index + 1}`, { exact: true }).fill(arg);
    }
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    const jobLabels = page.getByRole('region', { name: 'Job labels' });
    await expect(jobLabels.getByLabel('Job labels value 1', { exact: true })).toHaveValue(name);
    await jobLabels.getByRole('button', { name: 'Add Job labels' }).click();
    await jobLabels.getByLabel('Job labels key 2', { exact: true }).fill('tier');
    await jobLabels.getByLabel('Job labels value 2', { exact: true }).fill('batch');

    await page.getByRole('switch', { name: 'Edit YAML' }).click();
    const editor = page.getByRole('textbox', { name: 'Job manifest (YAML)' });
    await expect(editor).toContainText(`name: ${name}`);
    await expect(editor).toContainText('completions: 2');
    await expect(editor).toContainText('tier: batch');
    await expect(editor).toContainText('echo wizard');
    await expect(editor).toContainText('image: busybox:1.36');

    await page.getByRole('switch', { name: 'Edit YAML' }).click();
    await expect(page.getByRole('region', { name: 'Job labels' }).getByLabel('Job labels key 2', { exact: true })).toHaveValue('tier');

    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page).toHaveURL(new RegExp(`/clusters/sandbox/projects/demo-project/jobs/${name}$`), { timeout: 20_000 });
    // The Job's page shows it; everything so far ran clean.
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    // Leave the Job's page first: its refreshes would meet the deleted Job.
    await page.goto('about:blank');
    await deleteJob(page, name);
  }
});

test("the seeds' pi Job pasted in edit mode is created as it is", async ({ page }) => {
  test.setTimeout(60_000);
  const problems = watchForProblems(page);
  await signIn(page, 'project-regular');
  const name = uniqueName('f3-pi');
  const manifest = [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: pi',
    '        image: perl:5.34.0',
    '        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]',
    '      restartPolicy: Never',
    '  backoffLimit: 4',
    '',
  ].join('\n');

  try {
    await page.goto(WIZARD);
    await page.getByRole('switch', { name: 'Edit YAML' }).click();
    const editor = page.getByRole('textbox', { name: 'Job manifest (YAML)' });
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(manifest);
    await expect(editor).toContainText(`name: ${name}`);

    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page).toHaveURL(new RegExp(`/clusters/sandbox/projects/demo-project/jobs/${name}$`), { timeout: 20_000 });
    const created = await page.request.get(`${PROJECT}/jobs/${name}`);
    expect(created.status()).toBe(200);
    const job = (await created.json()) as { spec: { backoffLimit: number; template: { spec: { containers: { command: string[] }[] } } } };
    expect(job.spec.backoffLimit).toBe(4);
    expect(job.spec.template.spec.containers[0]?.command).toEqual(['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)']);
    // The Job's page shows it; everything so far ran clean.
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    // Leave the Job's page first: its refreshes would meet the deleted Job.
    await page.goto('about:blank');
    await deleteJob(page, name);
  }
});
