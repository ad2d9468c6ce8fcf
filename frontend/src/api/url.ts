import { readRuntimeConfig } from '@/app/runtime-config';

/**
 * The absolute URL of an API path (`api/v1/...`, no leading slash) under the base path the
 * console is served at — for answers that are not JSON (logs, YAML, event streams) and for
 * download links.
 */
export function apiUrl(path: string, basePath: string = readRuntimeConfig().basePath): string {
  return new URL(`${basePath}${path}`, window.location.origin).href;
}
