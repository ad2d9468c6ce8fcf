import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Flex, Typography, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDuration, formatTime, secondsBetween } from '../lib/duration';
import type { JobView } from '../lib/job-view';
import { StatusBadge } from './status-badge';

export interface JobHeaderProps {
  job: JobView;
  /** The project's Job list. */
  listPath: string;
  actions: ReactNode;
  now: number;
}

/** The Job's name, alias, status, condition message and figures, with its actions. */
export function JobHeader({ job, listPath, actions, now }: JobHeaderProps) {
  const { t, i18n } = useTranslation();
  const time = (value?: string) => formatTime(value, i18n.resolvedLanguage);
  const running = job.status === 'Running' || job.status === 'Failing';
  const duration = job.startTime ? secondsBetween(job.startTime, running ? undefined : job.finishTime, now) : undefined;
  const items: DescriptionsProps['items'] = [
    { key: 'status', label: t('jobDetail.fields.status'), children: <StatusBadge status={job.status} reason={job.reason} /> },
    {
      key: 'completions',
      label: t('jobDetail.fields.completions'),
      children: job.completions === undefined ? `${job.succeeded}` : `${job.succeeded}/${job.completions}`,
    },
    { key: 'parallelism', label: t('jobDetail.fields.parallelism'), children: job.parallelism },
    {
      key: 'pods',
      label: t('jobDetail.fields.pods'),
      children: t('jobDetail.fields.podCounts', { active: job.active, succeeded: job.succeeded, failed: job.failed }),
    },
    { key: 'created', label: t('jobDetail.fields.createdAt'), children: time(job.createdAt) },
    { key: 'start', label: t('jobDetail.fields.startTime'), children: time(job.startTime) },
    { key: 'finish', label: t('jobDetail.fields.finishTime'), children: time(job.finishTime) },
    { key: 'duration', label: t('jobDetail.fields.duration'), children: formatDuration(duration) },
  ];
  if (job.backoffLimit !== undefined) {
    items.push({ key: 'backoff', label: t('jobDetail.fields.backoffLimit'), children: job.backoffLimit });
  }
  if (job.completionMode) {
    items.push({ key: 'mode', label: t('jobDetail.fields.completionMode'), children: job.completionMode });
  }
  return (
    <Card style={{ marginBottom: 16 }}>
      <Flex vertical gap={12}>
        <Link to={listPath}>
          <ArrowLeftOutlined /> {t('jobDetail.back')}
        </Link>
        <Flex justify="space-between" align="flex-start" wrap gap={12}>
          <Flex vertical gap={4}>
            <Typography.Title level={2} id="page-title" style={{ margin: 0, fontSize: 20 }}>
              {job.name}
            </Typography.Title>
            {job.alias ? <Typography.Text strong>{job.alias}</Typography.Text> : null}
            {job.description ? <Typography.Text type="secondary">{job.description}</Typography.Text> : null}
          </Flex>
          {actions}
        </Flex>
        {job.message ? (
          <Alert
            type={job.status === 'Completed' ? 'success' : job.status === 'Suspended' ? 'warning' : 'error'}
            showIcon
            title={job.reason ?? t(`jobDetail.status.${job.status}`)}
            description={job.message}
          />
        ) : null}
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} items={items} />
      </Flex>
    </Card>
  );
}
