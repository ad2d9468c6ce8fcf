import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { JobRef } from './job-ref';

/** `DELETE jobs/{job}`: the Job and, Background propagation, its Pods. */
export function useDeleteJob(ref: JobRef) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}', { params: { path: ref } })),
    // The Job's own queries are left alone: the page showing them is left right away
    // (removing them first would unmount the dialog before it could navigate).
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
}
