import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { paths } from '@/api/schema';

/** `GET /api/v1/clusters`: the clusters this console is configured to serve. */
export type ClusterList =
  paths['/api/v1/clusters']['get']['responses'][200]['content']['application/json'];
export type Cluster = ClusterList['items'][number];

export function getClusters(api: ApiClient, signal?: AbortSignal): Promise<ClusterList> {
  return unwrap(api.GET('/api/v1/clusters', { signal }));
}

export function clustersQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ['clusters'],
    queryFn: ({ signal }) => getClusters(api, signal),
  });
}

/** The configured clusters; errors are `ApiError`s. */
export function useClusters() {
  return useQuery(clustersQueryOptions(useApiClient()));
}
