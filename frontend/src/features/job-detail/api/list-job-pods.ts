import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';
import { jobKey, LIVE_INTERVAL_MS, type JobRef } from './job-ref';

export type PodList = components['schemas']['PodList'];

/** `GET jobs/{job}/pods`: The Job's Pods. */
export function listJobPods(api: ApiClient, ref: JobRef, signal?: AbortSignal): Promise<PodList> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/pods', { params: { path: ref }, signal }),
  );
}

export function listJobPodsQueryOptions(api: ApiClient, ref: JobRef) {
  return queryOptions({
    queryKey: jobKey(ref, 'pods'),
    queryFn: ({ signal }) => listJobPods(api, ref, signal),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** The Job's Pods, read again every 3 s. */
export function useJobPods(ref: JobRef) {
  return useQuery(listJobPodsQueryOptions(useApiClient(), ref));
}
