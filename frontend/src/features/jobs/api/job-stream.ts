import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiUrl } from '@/api/url';
import { jobsKey } from './list-jobs';

/** The events `GET …/projects/{project}/stream` sends when the project's Jobs change. */
export const JOB_STREAM_EVENTS = ['snapshot', 'upsert', 'delete'] as const;

/** The stream's URL under the console's base path. */
export function jobStreamUrl(cluster: string, project: string, basePath?: string): string {
  const path = `api/v1/clusters/${encodeURIComponent(cluster)}/projects/${encodeURIComponent(project)}/stream`;
  return apiUrl(path, basePath);
}

/**
 * Follows the project's Job stream (server-sent events from a cluster watch) and refreshes
 * the Job list queries when a Job is created, changes or goes away. Returns whether the
 * stream is connected, so that the list can fall back to polling while it is not.
 */
export function useJobStream(cluster: string, project: string): boolean {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    const source = new EventSource(jobStreamUrl(cluster, project));
    let pending: ReturnType<typeof setTimeout> | undefined;
    // Bursts of changes (a Job's Pods finishing together) refresh the list once.
    const refresh = () => {
      if (pending !== undefined) return;
      pending = setTimeout(() => {
        pending = undefined;
        void queryClient.invalidateQueries({ queryKey: jobsKey(cluster, project) });
      }, 250);
    };
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    for (const name of JOB_STREAM_EVENTS) source.addEventListener(name, refresh);
    return () => {
      if (pending !== undefined) clearTimeout(pending);
      source.close();
      setLive(false);
    };
  }, [cluster, project, queryClient]);
  return live;
}
