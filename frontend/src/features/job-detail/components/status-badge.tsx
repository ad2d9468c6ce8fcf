import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobStatus } from '../lib/job-view';

const COLORS: Record<JobStatus, string> = {
  Pending: 'default',
  Running: 'processing',
  Suspended: 'warning',
  Failing: 'orange',
  Failed: 'error',
  Completed: 'success',
};

/** A Job's status as a coloured tag; Failed says why (`Failed: BackoffLimitExceeded`). */
export function StatusBadge({ status, reason }: { status: JobStatus; reason?: string }) {
  const { t } = useTranslation();
  const label = t(`jobDetail.status.${status}`);
  return <Tag color={COLORS[status]}>{status === 'Failed' && reason ? `${label}: ${reason}` : label}</Tag>;
}
