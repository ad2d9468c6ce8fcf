import { useQuery } from '@tanstack/react-query';
import { jobKey, type JobRef } from './job-ref';
import { fetchText, jobPath } from './text';

/** The path of `GET jobs/{job}?format=yaml` (the clean export), also the download link. */
export function jobYamlPath(ref: JobRef): string {
  return `${jobPath(ref)}?format=yaml`;
}

/** `GET jobs/{job}?format=yaml`: the clean YAML export, fetched while `enabled`. */
export function useJobYaml(ref: JobRef, enabled: boolean) {
  return useQuery({
    queryKey: jobKey(ref, 'yaml'),
    queryFn: ({ signal }) => fetchText(jobYamlPath(ref), signal),
    enabled,
    staleTime: 0,
  });
}
