import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import { useApiClient } from '@/api/context';
import { jobKey, type JobRef } from './job-ref';

/** `POST jobs/{job}/suspend`: sets `spec.suspend` to suspend the Job. */
export function useSuspendJob(ref: JobRef) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/suspend', { params: { path: ref } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKey(ref) }),
  });
}
