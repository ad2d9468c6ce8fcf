import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components, paths } from '@/api/schema';

/** `GET …/projects/{project}/jobs`: one page of Job summaries, filtered and sorted. */
export type JobList = components['schemas']['JobList'];
export type JobSummary = components['schemas']['JobSummary'];
export type JobStatus = components['schemas']['JobStatus'];
export type ListJobsQuery = NonNullable<
  paths['/api/v1/clusters/{cluster}/projects/{project}/jobs']['get']['parameters']['query']
>;

export function listJobs(
  api: ApiClient,
  cluster: string,
  project: string,
  query: ListJobsQuery,
  signal?: AbortSignal,
): Promise<JobList> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/jobs', {
      params: { path: { cluster, project }, query },
      signal,
    }),
  );
}

/** The key of every list query of a project (to invalidate them all at once). */
export function jobsKey(cluster: string, project: string) {
  return ['clusters', cluster, 'projects', project, 'jobs'] as const;
}

export function jobsQueryOptions(api: ApiClient, cluster: string, project: string, query: ListJobsQuery) {
  return queryOptions({
    queryKey: [...jobsKey(cluster, project), 'list', query] as const,
    queryFn: ({ signal }) => listJobs(api, cluster, project, query, signal),
  });
}

/**
 * One page of the project's Jobs, refreshed every `refetchInterval` ms while the query
 * succeeds. While a new page or filter loads, the previous rows stay (no flicker).
 */
export function useJobs(cluster: string, project: string, query: ListJobsQuery, refetchInterval: number) {
  return useQuery({
    ...jobsQueryOptions(useApiClient(), cluster, project, query),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: (current) => (current.state.status === 'error' ? false : refetchInterval),
  });
}
