import { useQuota } from '../api/get-quota';
import { podQuota } from '../lib/quota';
import { PodQuota } from './pod-quota';

export interface ProjectPodQuotaProps {
  cluster: string;
  project: string;
  /** Refresh every this many milliseconds (with the list it sits above). */
  refetchInterval?: number;
}

/**
 * Fetches the project's quota and shows its Pod figures; shows nothing when the project
 * limits no Pods, or the user may not read its quota (403), or the call failed.
 */
export function ProjectPodQuota({ cluster, project, refetchInterval }: ProjectPodQuotaProps) {
  const quota = useQuota(cluster, project, refetchInterval);
  const figures = quota.data ? podQuota(quota.data.pods) : null;
  return figures ? <PodQuota quota={figures} /> : null;
}
