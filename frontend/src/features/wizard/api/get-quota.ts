import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';

/** `GET …/projects/{project}/quota`: the project's ResourceQuotas and usage. */
export type QuotaSummary = components['schemas']['QuotaSummary'];

export function getQuota(api: ApiClient, cluster: string, project: string, signal?: AbortSignal): Promise<QuotaSummary> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/quota', { params: { path: { cluster, project } }, signal }),
  );
}

export function quotaQueryOptions(api: ApiClient, cluster: string, project: string) {
  return queryOptions({
    queryKey: ['clusters', cluster, 'projects', project, 'quota'],
    queryFn: ({ signal }) => getQuota(api, cluster, project, signal),
    // A 403 is an answer (the wizard falls back to free text), not a reason to retry.
    retry: false,
  });
}

/** the project's ResourceQuotas and usage. A failure (e.g. 403) leaves the wizard on free text. */
export function useQuota(cluster: string, project: string) {
  return useQuery(quotaQueryOptions(useApiClient(), cluster, project));
}
