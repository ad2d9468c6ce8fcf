import { render, type RenderResult } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { createApiClient } from '@/api/client';
import { AppProviders } from '@/app/providers';
import { routes as appRoutes } from '@/app/routes';
import type { RuntimeConfig } from '@/app/runtime-config';
import { createI18n, type Language } from '@/i18n';

const testConfig: RuntimeConfig = { nonce: undefined, basePath: '/', version: 'test' };

export interface RenderOptions {
  /** Where the memory router starts. */
  path?: string;
  language?: Language;
  routes?: RouteObject[];
  config?: Partial<RuntimeConfig>;
}

/** Renders routes inside the app's real providers, the way the browser would. */
export function renderRoutes({
  path = '/',
  language = 'en',
  routes = appRoutes,
  config = {},
}: RenderOptions = {}): RenderResult {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <AppProviders
      config={{ ...testConfig, ...config }}
      i18n={createI18n(language)}
      apiClient={createApiClient('/', 'http://localhost')}
      queryClient={queryClient}
    >
      <RouterProvider router={router} />
    </AppProviders>,
  );
}

/** Renders one element (a renderer component) inside the app's providers at `/`. */
export function renderElement(element: ReactNode, options: Omit<RenderOptions, 'routes' | 'path'> = {}) {
  return renderRoutes({ ...options, routes: [{ path: '*', element }] });
}

/** Stubs `fetch` with a function from request to response; returns the mock. */
export function stubFetch(respond: (request: Request) => Response | Promise<Response>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) =>
    respond(input instanceof Request ? input : new Request(input, init)),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** A JSON response, like the backend sends. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** The signed-in user the tests' `/api/v1/me` answers with. */
export const TEST_USER = { username: 'project-regular', groups: ['demo'], csrfToken: 'csrf-test-token' };

/**
 * Stubs `fetch` with a table from path (`/api/v1/...`, no query) to answer; `/api/v1/me`
 * answers [`TEST_USER`] unless the table says otherwise; anything else is a 404 JSON error.
 */
export function stubApi(table: Record<string, (request: Request) => Response | Promise<Response>>) {
  return stubFetch((request) => {
    const path = new URL(request.url).pathname;
    const answer = table[path];
    if (answer) return answer(request);
    if (path === '/api/v1/me') return json(TEST_USER);
    return json({ code: 404, reason: 'NotFound', message: `${path} was not found` }, 404);
  });
}
