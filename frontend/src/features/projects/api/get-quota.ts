import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';

/** `GET …/projects/{project}/quota`: the project's ResourceQuotas, usual figures picked out. */
export type QuotaSummary = components['schemas']['QuotaSummary'];
export type QuotaUsage = components['schemas']['QuotaUsage'];

export function getQuota(api: ApiClient, cluster: string, project: string, signal?: AbortSignal): Promise<QuotaSummary> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/quota', {
      params: { path: { cluster, project } },
      signal,
    }),
  );
}

export function quotaQueryOptions(api: ApiClient, cluster: string, project: string) {
  return queryOptions({
    queryKey: ['clusters', cluster, 'projects', project, 'quota'],
    queryFn: ({ signal }) => getQuota(api, cluster, project, signal),
  });
}

/**
 * The project's quota, refreshed with the list it sits above; a refusal (403) or another
 * client error is not asked again.
 */
export function useQuota(cluster: string, project: string, refetchInterval?: number) {
  return useQuery({
    ...quotaQueryOptions(useApiClient(), cluster, project),
    retry: (failures, error) => !(error instanceof ApiError && error.code < 500) && failures < 1,
    refetchInterval: (query) => (query.state.status === 'error' ? false : refetchInterval),
  });
}
