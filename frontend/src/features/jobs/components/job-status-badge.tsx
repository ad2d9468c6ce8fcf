import { Badge, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobStatus } from '../api/list-jobs';
import { statusLook } from '../lib/status';

export interface JobStatusBadgeProps {
  status: JobStatus;
  /** Why, e.g. `BackoffLimitExceeded`; shown under Failed and Failing. */
  reason?: string | null;
}

/** A Job's status as a coloured badge, with the reason of a failure under it. */
export function JobStatusBadge({ status, reason }: JobStatusBadgeProps) {
  const { t } = useTranslation();
  const look = statusLook(status);
  const showReason = Boolean(reason) && (status === 'Failed' || status === 'Failing');
  return (
    <Flex vertical>
      <Badge status={look.badge} color={look.color} text={t(`jobs.status.${status}`)} />
      {showReason ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, paddingInlineStart: 14 }}>
          {reason}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
