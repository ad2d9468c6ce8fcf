import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';

/** `GET …/projects/{project}/persistentvolumeclaims`: the project's PersistentVolumeClaims. */
export type PvcList = components['schemas']['PvcList'];

export function listPvcs(api: ApiClient, cluster: string, project: string, signal?: AbortSignal): Promise<PvcList> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/persistentvolumeclaims', { params: { path: { cluster, project } }, signal }),
  );
}

export function pvcsQueryOptions(api: ApiClient, cluster: string, project: string) {
  return queryOptions({
    queryKey: ['clusters', cluster, 'projects', project, 'persistentvolumeclaims'],
    queryFn: ({ signal }) => listPvcs(api, cluster, project, signal),
    // A 403 is an answer (the wizard falls back to free text), not a reason to retry.
    retry: false,
  });
}

/** the project's PersistentVolumeClaims. A failure (e.g. 403) leaves the wizard on free text. */
export function usePvcs(cluster: string, project: string) {
  return useQuery(pvcsQueryOptions(useApiClient(), cluster, project));
}
