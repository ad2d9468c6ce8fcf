import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';

export type Permissions = components['schemas']['Permissions'];

/** `GET permissions`: what the user may do in the project. */
export function getPermissions(
  api: ApiClient,
  ref: { cluster: string; project: string },
  signal?: AbortSignal,
): Promise<Permissions> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/permissions', {
      params: { path: { cluster: ref.cluster, project: ref.project } },
      signal,
    }),
  );
}

export function permissionsQueryOptions(api: ApiClient, ref: { cluster: string; project: string }) {
  return queryOptions({
    queryKey: ['permissions', ref.cluster, ref.project],
    queryFn: ({ signal }) => getPermissions(api, ref, signal),
    staleTime: 60_000,
  });
}

/** What the user may do in the project (actions they may not take are hidden). */
export function usePermissions(ref: { cluster: string; project: string }) {
  return useQuery(permissionsQueryOptions(useApiClient(), ref));
}
