import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';
import { summarizeDeletes, type DeleteSummary } from '../lib/batch-delete';
import { jobsKey } from './list-jobs';

/** `DELETE …/jobs/{job}`: deletes a Job; its Pods go too (Background propagation). */
export type Deleted = components['schemas']['Deleted'];

export function deleteJob(api: ApiClient, cluster: string, project: string, job: string): Promise<Deleted> {
  return unwrap(
    api.DELETE('/api/v1/clusters/{cluster}/projects/{project}/jobs/{job}', {
      params: { path: { cluster, project, job } },
    }),
  );
}

/**
 * Deletes several Jobs, each on its own: the answer says which were deleted and which
 * failed and why. The project's lists are refreshed afterwards.
 */
export function useDeleteJobs(cluster: string, project: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (names: readonly string[]): Promise<DeleteSummary> => {
      const settled = await Promise.allSettled(names.map((name) => deleteJob(api, cluster, project, name)));
      return summarizeDeletes(names, settled);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: jobsKey(cluster, project) }),
  });
}
