import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';

/** `GET …/projects/{project}/secrets`: the project's Secrets with their key names (never values). */
export type SecretList = components['schemas']['SecretList'];

export function listSecrets(api: ApiClient, cluster: string, project: string, signal?: AbortSignal): Promise<SecretList> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/secrets', { params: { path: { cluster, project } }, signal }),
  );
}

export function secretsQueryOptions(api: ApiClient, cluster: string, project: string) {
  return queryOptions({
    queryKey: ['clusters', cluster, 'projects', project, 'secrets'],
    queryFn: ({ signal }) => listSecrets(api, cluster, project, signal),
    // A 403 is an answer (the wizard falls back to free text), not a reason to retry.
    retry: false,
  });
}

/** the project's Secrets with their key names (never values). A failure (e.g. 403) leaves the wizard on free text. */
export function useSecrets(cluster: string, project: string) {
  return useQuery(secretsQueryOptions(useApiClient(), cluster, project));
}
