import { expect, test } from '@playwright/test';
import { cspViolations, csrfToken, installCspRecorder, signIn, watchForProblems } from './support';

const PROJECT_API = '/api/v1/clusters/sandbox/projects/demo-project';

/** A short busybox Job that echoes and finishes. */
function shortJob(name: string, alias: string) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, annotations: { 'kubesphere.io/alias-name': alias } },
    spec: {
      backoffLimit: 0,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo hello'] }],
        },
      },
    },
  };
}

test.beforeEach(async ({ page }) => {
  await installCspRecorder(page);
});

test('an operator finds their Jobs, watches one complete, searches and batch-deletes', async ({ page }) => {
  test.setTimeout(90_000);
  const problems = watchForProblems(page);
  await signIn(page, 'project-regular');
  const token = await csrfToken(page);
  const suffix = Math.random().toString(36).slice(2, 8);
  const alpha = `f1-alpha-${suffix}`;
  const beta = `f1-beta-${suffix}`;
  for (const [name, alias] of [
    [alpha, `E2E alpha ${suffix}`],
    [beta, `E2E beta ${suffix}`],
  ] as const) {
    const created = await page.request.post(`${PROJECT_API}/jobs`, {
      data: shortJob(name, alias),
      headers: { 'x-csrf-token': token },
    });
    expect(created.status(), await created.text()).toBe(201);
  }

  try {
    await page.goto('/clusters/sandbox/projects');
    await page.getByRole('link', { name: 'demo-project' }).click();
    await expect(page).toHaveURL(/\/clusters\/sandbox\/projects\/demo-project\/jobs$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Jobs' })).toBeVisible();

    const search = page.getByRole('textbox', { name: 'Search by name or alias' });
    const rows = page.getByRole('table').getByRole('row');
    const row = (name: string) => rows.filter({ has: page.getByRole('link', { name, exact: true }) });

    // Other tests share the project: narrow the list to this run's Jobs.
    await search.fill(suffix);
    await expect(row(alpha)).toHaveCount(1);
    await expect(row(beta)).toHaveCount(1);

    // Live updates: the list refreshes by itself until the Job shows Completed.
    await expect(row(alpha).getByText('Completed')).toBeVisible({ timeout: 45_000 });
    await expect(row(alpha).getByText('1/1')).toBeVisible();

    // Search narrows the list (an alias matches too).
    await search.fill(`beta ${suffix}`);
    await expect(row(alpha)).toHaveCount(0);
    await expect(row(beta)).toHaveCount(1);

    // Batch delete, confirmed in the dialog that names the Jobs.
    await page.getByRole('checkbox', { name: `Select ${beta}` }).check();
    await page.getByRole('button', { name: /Delete \(1\)/ }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('Delete 1 Job?')).toBeVisible();
    await expect(dialog.getByText(beta)).toBeVisible();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(row(beta)).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByText('No Job matches the filters.')).toBeVisible();

    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    for (const name of [alpha, beta]) {
      await page.request.delete(`${PROJECT_API}/jobs/${name}`, { headers: { 'x-csrf-token': token } });
    }
  }
});

test('a viewer sees the list but no Create button and no selection', async ({ page }) => {
  const problems = watchForProblems(page);
  await signIn(page, 'project-viewer');

  // Permissions load beside the list: make sure they have answered before looking for
  // what they hide.
  const permissions = page.waitForResponse((response) => response.url().endsWith(`${PROJECT_API}/permissions`));
  await page.goto('/clusters/sandbox/projects/demo-project/jobs');
  expect((await permissions).status()).toBe(200);
  await expect(page.getByRole('heading', { level: 2, name: 'Jobs' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Create Job/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);

  expect(await cspViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});
