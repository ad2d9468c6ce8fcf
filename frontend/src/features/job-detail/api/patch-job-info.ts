import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';
import { jobKey, type JobRef } from './job-ref';

export type JobInfo = components['schemas']['JobInfo'];

/** `PATCH jobs/{job}/info`: the alias and description; a 422 carries `fields`. */
export function usePatchJobInfo(ref: JobRef) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: JobInfo) =>
      unwrap(api.PATCH('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/info', { params: { path: ref }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKey(ref) }),
  });
}
