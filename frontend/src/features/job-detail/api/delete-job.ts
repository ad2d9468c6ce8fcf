import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import { useApiClient } from '@/api/context';
import { jobKey, type JobRef } from './job-ref';

/** `DELETE jobs/{job}`: the Job and, Background propagation, its Pods. */
export function useDeleteJob(ref: JobRef) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}', { params: { path: ref } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: jobKey(ref) });
      return queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
}
