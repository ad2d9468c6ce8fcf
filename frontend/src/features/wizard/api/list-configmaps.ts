import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';

/** `GET …/projects/{project}/configmaps`: the project's ConfigMaps and their keys. */
export type ConfigMapList = components['schemas']['ConfigMapList'];

export function listConfigMaps(api: ApiClient, cluster: string, project: string, signal?: AbortSignal): Promise<ConfigMapList> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/configmaps', { params: { path: { cluster, project } }, signal }),
  );
}

export function configMapsQueryOptions(api: ApiClient, cluster: string, project: string) {
  return queryOptions({
    queryKey: ['clusters', cluster, 'projects', project, 'configmaps'],
    queryFn: ({ signal }) => listConfigMaps(api, cluster, project, signal),
    // A 403 is an answer (the wizard falls back to free text), not a reason to retry.
    retry: false,
  });
}

/** the project's ConfigMaps and their keys. A failure (e.g. 403) leaves the wizard on free text. */
export function useConfigMaps(cluster: string, project: string) {
  return useQuery(configMapsQueryOptions(useApiClient(), cluster, project));
}
