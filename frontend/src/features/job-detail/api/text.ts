import { ApiError } from '@/api/client';
import { apiUrl } from '@/api/url';

export { apiUrl };

/** The URL path of one Job's API (`api/v1/clusters/c/projects/p/jobs/j`). */
export function jobPath(ref: { cluster: string; project: string; job: string }): string {
  return `${projectPath(ref)}/jobs/${encodeURIComponent(ref.job)}`;
}

export function projectPath(ref: { cluster: string; project: string }): string {
  return `api/v1/clusters/${encodeURIComponent(ref.cluster)}/projects/${encodeURIComponent(ref.project)}`;
}

/** Throws the one `ApiError` for a failed text request (whose error body is JSON). */
export async function ensureOk(response: Response): Promise<Response> {
  if (response.ok) return response;
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the text itself (or the status) is the message
  }
  throw ApiError.fromResponse(response, body);
}

/** GETs a text answer (YAML, a log) as the signed-in user. */
export async function fetchText(path: string, signal?: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { credentials: 'same-origin', signal, headers: { Accept: 'text/plain, application/yaml' } });
  } catch (cause) {
    throw ApiError.fromNetworkFailure(cause);
  }
  return (await ensureOk(response)).text();
}
