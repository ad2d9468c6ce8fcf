import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';

/** `GET /api/v1/clusters/{cluster}/nodes`: names, labels and taints, for the node selector. */
export type NodeList = components['schemas']['NodeList'];

export function listNodes(api: ApiClient, cluster: string, signal?: AbortSignal): Promise<NodeList> {
  return unwrap(api.GET('/api/v1/clusters/{cluster}/nodes', { params: { path: { cluster } }, signal }));
}

export function nodesQueryOptions(api: ApiClient, cluster: string) {
  return queryOptions({
    queryKey: ['clusters', cluster, 'nodes'],
    queryFn: ({ signal }) => listNodes(api, cluster, signal),
    // Project roles may not list nodes (403): the step falls back to free text at once.
    retry: false,
  });
}

/** The cluster's nodes; a failure (e.g. 403) leaves the node selector on free text. */
export function useNodes(cluster: string) {
  return useQuery(nodesQueryOptions(useApiClient(), cluster));
}
