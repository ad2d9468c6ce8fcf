import { expect, test, type Page } from '@playwright/test';

/** Records console errors, uncaught exceptions and CSP violations of a page. */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    // Chromium asks for /favicon.ico on pages that name no icon; a miss there is no fault.
    if (new URL(where || 'about:blank').pathname === '/favicon.ico') return;
    problems.push(`console error: ${message.text()} (${where})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    problems.push(`request failed: ${request.url()} (${failure})`);
  });
  return problems;
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__cspViolations ?? []);
}

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

test.beforeEach(async ({ page }) => {
  // Runs before any of the page's scripts, so a violation by the first one is seen too.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
});

test('the home page renders the shell and the clusters', async ({ page }) => {
  const problems = watchForProblems(page);

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

  const response = await page.goto('/clusters/sandbox/projects');
  expect(response?.status()).toBe(200);

  await expect(page.getByRole('heading', { level: 1, name: 'Job Console' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Projects' })).toBeVisible();

  expect(await cspViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the language switch turns the console Chinese, and it stays so on reload', async ({ page }) => {
  const problems = watchForProblems(page);
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
