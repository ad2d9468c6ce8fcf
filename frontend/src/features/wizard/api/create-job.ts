import { useMutation } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';

export interface CreateJobInput {
  cluster: string;
  project: string;
  /** The Job manifest, sent as JSON. */
  manifest: Record<string, unknown>;
  dryRun?: boolean;
}

/** `POST …/projects/{project}/jobs[?dryRun=true]`: validates (dry run) or creates a Job. */
export function createJob(api: ApiClient, { cluster, project, manifest, dryRun = false }: CreateJobInput): Promise<unknown> {
  return unwrap(
    api.POST('/api/v1/clusters/{cluster}/projects/{project}/jobs', {
      params: { path: { cluster, project }, query: dryRun ? { dryRun: true } : {} },
      body: manifest,
    }),
  );
}

/**
 * Creates a Job the way the wizard does: a server-side dry run first (every problem at
 * once, nothing created), then the real create. Errors are `ApiError`s (422 with `fields`).
 */
export function useCreateJob() {
  const api = useApiClient();
  return useMutation({
    mutationFn: async (input: Omit<CreateJobInput, 'dryRun'>) => {
      await createJob(api, { ...input, dryRun: true });
      return createJob(api, input);
    },
  });
}
