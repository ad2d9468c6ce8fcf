import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';

/** `GET /api/v1/clusters/{cluster}/projects`: the projects the user holds a role in. */
export type ProjectList = components['schemas']['ProjectList'];
export type Project = components['schemas']['Project'];

export function getProjects(api: ApiClient, cluster: string, signal?: AbortSignal): Promise<ProjectList> {
  return unwrap(api.GET('/api/v1/clusters/{cluster}/projects', { params: { path: { cluster } }, signal }));
}

export function projectsQueryOptions(api: ApiClient, cluster: string) {
  return queryOptions({
    queryKey: ['clusters', cluster, 'projects'],
    queryFn: ({ signal }) => getProjects(api, cluster, signal),
  });
}

/** The user's projects in one cluster; errors are `ApiError`s. */
export function useProjects(cluster: string) {
  return useQuery(projectsQueryOptions(useApiClient(), cluster));
}
