import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';

/** `GET …/projects/{project}/permissions`: what the user may do with Jobs there. */
export type Permissions = components['schemas']['Permissions'];

export function getPermissions(
  api: ApiClient,
  cluster: string,
  project: string,
  signal?: AbortSignal,
): Promise<Permissions> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/permissions', {
      params: { path: { cluster, project } },
      signal,
    }),
  );
}

export function permissionsQueryOptions(api: ApiClient, cluster: string, project: string) {
  return queryOptions({
    queryKey: ['clusters', cluster, 'projects', project, 'permissions'],
    queryFn: ({ signal }) => getPermissions(api, cluster, project, signal),
    staleTime: 30_000,
  });
}

/** The user's permissions in a project; errors are `ApiError`s. */
export function usePermissions(cluster: string, project: string) {
  return useQuery(permissionsQueryOptions(useApiClient(), cluster, project));
}
