import { expect, test } from '@playwright/test';
import { cspViolations, installCspRecorder, signIn, watchForProblems } from './support';

test.beforeEach(async ({ page }) => {
  await installCspRecorder(page);
});

test('a visitor signs in on the sign-in page and lands where they were going', async ({ page }) => {
  // The first `GET /api/v1/me` answers 401 (nobody is signed in yet): expected here.
  const problems = watchForProblems(page, ['/api/v1/me', '/api/v1/login']);
  await page.goto('/clusters/sandbox/projects');
  await expect(page.getByRole('heading', { name: 'Sign in to Job Console' })).toBeVisible();
  await page.getByLabel('User name').fill('project-regular');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong user name or password.');
  await page.getByLabel('Password').fill('P@88w0rd');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Projects' })).toBeVisible();
  await expect(page).toHaveURL(/\/clusters\/sandbox\/projects$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Job Console' })).toBeVisible();

  expect(await cspViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the home page renders the shell and the clusters', async ({ page }) => {
  const problems = watchForProblems(page);
  await signIn(page, 'project-regular');

  const response = await page.goto('/');
  expect(response?.status()).toBe(200);

  await expect(page.getByRole('heading', { level: 1, name: 'Job Console' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Clusters' })).toBeVisible();
  // Either the configured clusters or the empty state saying none is configured.
  await expect(page.getByRole('table').or(page.getByText('No cluster is configured.'))).toBeVisible();

  expect(await cspViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('a deep link opens inside the shell', async ({ page }) => {
  const problems = watchForProblems(page);
  await signIn(page, 'project-regular');

  const response = await page.goto('/clusters/sandbox/projects');
  expect(response?.status()).toBe(200);

  await expect(page.getByRole('heading', { level: 1, name: 'Job Console' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Projects' })).toBeVisible();

  expect(await cspViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the language switch turns the console Chinese, and it stays so on reload', async ({ page }) => {
  const problems = watchForProblems(page);
  await signIn(page, 'project-regular');
  await page.goto('/');

  await page.getByRole('radiogroup', { name: 'Language' }).getByText('简体中文').click();
  await expect(page.getByRole('heading', { level: 2, name: '集群' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: '集群' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  expect(await cspViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the API reference renders offline with Swagger UI', async ({ page }) => {
  const problems = watchForProblems(page);

  const response = await page.goto('/api/docs');
  expect(response?.status()).toBe(200);

  await expect(page.locator('#swagger-ui .information-container')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Job Console API/ })).toBeVisible();
  await expect(page.locator('.opblock[id*="clusters"]').first()).toBeVisible();

  expect(await cspViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});
