import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/api/client';
import { useApiClient } from '@/api/context';
import { jobKey, type JobRef } from './job-ref';

/**
 * `PUT jobs/{job}` with a YAML manifest: 409 when the Job changed since it was read, 422
 * with `fields` for what is invalid or immutable.
 */
export function useReplaceJob(ref: JobRef) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (yaml: string) =>
      unwrap(
        api.PUT('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}', {
          params: { path: ref },
          body: yaml,
          bodySerializer: (body) => body,
          headers: { 'Content-Type': 'application/yaml' },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKey(ref) }),
  });
}
