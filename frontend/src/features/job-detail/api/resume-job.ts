import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import { useApiClient } from '@/api/context';
import { jobKey, type JobRef } from './job-ref';

/** `POST jobs/{job}/resume`: sets `spec.suspend` to resume the Job. */
export function useResumeJob(ref: JobRef) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/resume', { params: { path: ref } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKey(ref) }),
  });
}
