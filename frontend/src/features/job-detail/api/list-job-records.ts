import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';
import { jobKey, LIVE_INTERVAL_MS, type JobRef } from './job-ref';

export type RunRecords = components['schemas']['RunRecords'];

/** `GET jobs/{job}/records`: Every run of the Job, newest first. */
export function listJobRecords(api: ApiClient, ref: JobRef, signal?: AbortSignal): Promise<RunRecords> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/records', { params: { path: ref }, signal }),
  );
}

export function listJobRecordsQueryOptions(api: ApiClient, ref: JobRef) {
  return queryOptions({
    queryKey: jobKey(ref, 'records'),
    queryFn: ({ signal }) => listJobRecords(api, ref, signal),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** Every run of the Job, newest first, read again every 3 s. */
export function useJobRecords(ref: JobRef) {
  return useQuery(listJobRecordsQueryOptions(useApiClient(), ref));
}
