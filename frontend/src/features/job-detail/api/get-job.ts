import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import { toJobView } from '../lib/job-view';
import { jobKey, LIVE_INTERVAL_MS, type JobRef } from './job-ref';

/** `GET jobs/{job}`: the Job object (typed `unknown` by the API; read with `toJobView`). */
export function getJob(api: ApiClient, ref: JobRef, signal?: AbortSignal): Promise<unknown> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}', { params: { path: ref }, signal }),
  );
}

export function jobQueryOptions(api: ApiClient, ref: JobRef) {
  return queryOptions({
    queryKey: jobKey(ref),
    queryFn: ({ signal }) => getJob(api, ref, signal),
    select: toJobView,
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** The Job, as the detail page shows it, read again every 3 s. */
export function useJob(ref: JobRef) {
  return useQuery(jobQueryOptions(useApiClient(), ref));
}
