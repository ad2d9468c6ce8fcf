import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import { useApiClient } from '@/api/context';
import { jobKey, type JobRef } from './job-ref';

/**
 * `POST jobs/{job}/rerun[?force=true]`: records the run and starts a new one. Without
 * `force`, a Job whose Pods still run answers 409.
 */
export function useRerunJob(ref: JobRef) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ force }: { force: boolean }) =>
      unwrap(
        api.POST('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}/rerun', {
          params: { path: ref, query: force ? { force: true } : {} },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKey(ref) }),
  });
}
