import createClient, { type Client } from 'openapi-fetch';
import { ApiError } from './errors';
import type { paths } from './schema';

export { ApiError, isApiErrorBody } from './errors';
export type { ApiErrorBody, FieldError } from './errors';

export type ApiClient = Client<paths>;

let csrfToken: string | null = null;

/**
 * Remembers the session's CSRF token (from sign-in or `GET /api/v1/me`); every changing
 * request (POST, PUT, PATCH, DELETE) carries it in `X-CSRF-Token`.
 */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A typed client for the console's REST API. `basePath` is the path the console is served
 * under (from the shell's `jobconsole-base-path` meta); URLs are made absolute against the
 * page's origin. `fetch` is looked up on every call so tests can stub the global.
 */
export function createApiClient(basePath: string, origin: string = window.location.origin): ApiClient {
  const baseUrl = new URL(basePath, origin).href.replace(/\/$/, '');
  const client = createClient<paths>({
    baseUrl,
    fetch: (request) => globalThis.fetch(request),
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  });
  client.use({
    onRequest({ request }) {
      if (!SAFE_METHODS.has(request.method) && csrfToken !== null) {
        request.headers.set('X-CSRF-Token', csrfToken);
      }
      return request;
    },
  });
  return client;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws the one `ApiError`:
 * `unwrap(api.GET('/api/v1/clusters'))`.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    throw ApiError.fromNetworkFailure(cause);
  }
  if (!result.response.ok) {
    throw ApiError.fromResponse(result.response, result.error);
  }
  // openapi-fetch leaves `data` undefined only for bodiless successes (204), typed so.
  return result.data as T;
}
