import type { JobStatus, JobSummary } from '../api/list-jobs';

/** Every status a Job can have, in the order the list sorts them by. */
export const JOB_STATUSES: readonly JobStatus[] = ['Pending', 'Running', 'Suspended', 'Failing', 'Failed', 'Completed'];

type BadgeStatus = 'success' | 'processing' | 'default' | 'error' | 'warning';

/** How a status looks: an antd badge state (Running pulses) and its colour. */
export interface StatusLook {
  badge: BadgeStatus;
  color: string;
}

const LOOKS: Record<JobStatus, StatusLook> = {
  Pending: { badge: 'default', color: '#faad14' },
  Running: { badge: 'processing', color: '#1677ff' },
  Suspended: { badge: 'default', color: '#8c8c8c' },
  Failing: { badge: 'warning', color: '#fa8c16' },
  Failed: { badge: 'error', color: '#ff4d4f' },
  Completed: { badge: 'success', color: '#52c41a' },
};

export function statusLook(status: JobStatus): StatusLook {
  return LOOKS[status];
}

/** Completions as `succeeded/desired` and the share done (0–100). */
export interface CompletionProgress {
  succeeded: number;
  /** `spec.completions`; `null` for a work-queue Job, which has none. */
  desired: number | null;
  percent: number;
}

export function completionProgress(
  job: Pick<JobSummary, 'succeeded' | 'completions' | 'status'>,
): CompletionProgress {
  const desired = job.completions ?? null;
  let percent: number;
  if (desired !== null && desired > 0) {
    percent = Math.min(100, Math.round((job.succeeded / desired) * 100));
  } else {
    // A work-queue Job is done when it completes; the count alone says nothing.
    percent = job.status === 'Completed' ? 100 : 0;
  }
  return { succeeded: job.succeeded, desired, percent };
}
