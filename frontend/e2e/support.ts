import { expect, type Page } from '@playwright/test';

/** The sandbox's demo password (sandbox only). */
export const DEMO_PASSWORD = 'P@88w0rd';

/**
 * Records console errors, uncaught exceptions and failed requests of a page. Errors about
 * the paths in `expectedFailures` (e.g. the 401 of `/api/v1/me` before sign-in) are
 * expected and not recorded.
 */
export function watchForProblems(page: Page, expectedFailures: string[] = []): string[] {
  const problems: string[] = [];
  const expected = (url: string) => {
    const path = new URL(url || 'about:blank').pathname;
    // Chromium asks for /favicon.ico on pages that name no icon; a miss there is no fault.
    return path === '/favicon.ico' || expectedFailures.includes(path);
  };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    if (expected(where)) return;
    problems.push(`console error: ${message.text()} (${where})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (expected(request.url())) return;
    const failure = request.failure()?.errorText ?? 'failed';
    problems.push(`request failed: ${request.url()} (${failure})`);
  });
  return problems;
}

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** Records CSP violations from before the page's first script runs. */
export async function installCspRecorder(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__cspViolations ?? []);
}

/** Signs in through the API (the browser context keeps the session cookie). */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  const response = await page.request.post('/api/v1/login', { data: { username, password } });
  expect(response.status(), await response.text()).toBe(200);
}

/** The session's CSRF token (changes made through `page.request` need it in `x-csrf-token`). */
export async function csrfToken(page: Page): Promise<string> {
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(200);
  return ((await me.json()) as { csrfToken?: string }).csrfToken ?? '';
}
