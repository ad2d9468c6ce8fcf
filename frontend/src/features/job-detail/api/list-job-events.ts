import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';
import { jobKey, LIVE_INTERVAL_MS, type JobRef } from './job-ref';

export type EventList = components['schemas']['EventList'];

/** `GET jobs/{job}/events`: The Job's and its Pods' events. */
export function listJobEvents(api: ApiClient, ref: JobRef, signal?: AbortSignal): Promise<EventList> {
  return unwrap(
    api.GET('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/events', { params: { path: ref }, signal }),
  );
}

export function listJobEventsQueryOptions(api: ApiClient, ref: JobRef) {
  return queryOptions({
    queryKey: jobKey(ref, 'events'),
    queryFn: ({ signal }) => listJobEvents(api, ref, signal),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** The Job's and its Pods' events, read again every 3 s. */
export function useJobEvents(ref: JobRef) {
  return useQuery(listJobEventsQueryOptions(useApiClient(), ref));
}
