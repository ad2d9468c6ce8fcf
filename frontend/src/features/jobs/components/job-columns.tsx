import { Flex, Progress, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import type { JobSummary } from '../api/list-jobs';
import { formatDuration } from '../lib/duration';
import { columnSortOrder, type Sort } from '../lib/list-query';
import { completionProgress } from '../lib/status';
import { formatDateTime, formatRelative, parseTime } from '../lib/time';
import { JobStatusBadge } from './job-status-badge';

export interface JobColumnsContext {
  t: TFunction;
  language: string;
  /** Base path of the project's Jobs: `/clusters/c/projects/p/jobs`. */
  jobsPath: string;
  sort: Sort;
  now: Date;
}

// Toggle between the two orders; never back to "unsorted" (the server always sorts).
const SORT_DIRECTIONS: ('ascend' | 'descend')[] = ['ascend', 'descend', 'ascend'];

/** The Job table's columns, declared as data; sorting happens on the server. */
export function jobColumns({ t, language, jobsPath, sort, now }: JobColumnsContext): TableColumnsType<JobSummary> {
  const duration = (seconds: number) =>
    formatDuration(seconds, (unit, count) => t(`jobs.duration.${unit}`, { count }), t('jobs.duration.separator'));
  return [
    {
      key: 'name',
      title: t('jobs.columns.name'),
      sorter: true,
      sortDirections: SORT_DIRECTIONS,
      sortOrder: columnSortOrder(sort, 'name'),
      render: (_, job) => (
        <Flex vertical>
          <Link to={`${jobsPath}/${encodeURIComponent(job.name)}`}>{job.name}</Link>
          {job.alias ? <Typography.Text type="secondary">{job.alias}</Typography.Text> : null}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('jobs.columns.status'),
      sorter: true,
      sortDirections: SORT_DIRECTIONS,
      sortOrder: columnSortOrder(sort, 'status'),
      render: (_, job) => <JobStatusBadge status={job.status} reason={job.reason} />,
    },
    {
      key: 'completions',
      title: t('jobs.columns.completions'),
      width: 160,
      render: (_, job) => {
        const progress = completionProgress(job);
        return (
          <Flex vertical>
            <span>
              {progress.desired === null
                ? t('jobs.completionsUnset', { succeeded: progress.succeeded })
                : t('jobs.completions', { succeeded: progress.succeeded, desired: progress.desired })}
            </span>
            <Progress
              aria-label={t('jobs.completionsProgress', { name: job.name })}
              percent={progress.percent}
              size="small"
              showInfo={false}
              status={job.status === 'Failed' ? 'exception' : job.status === 'Completed' ? 'success' : 'normal'}
              style={{ margin: 0 }}
            />
          </Flex>
        );
      },
    },
    {
      key: 'duration',
      title: t('jobs.columns.duration'),
      sorter: true,
      sortDirections: SORT_DIRECTIONS,
      sortOrder: columnSortOrder(sort, 'duration'),
      render: (_, job) => (job.durationSeconds == null ? t('jobs.notStarted') : duration(job.durationSeconds)),
    },
    {
      key: 'createdAt',
      title: t('jobs.columns.createdAt'),
      sorter: true,
      sortDirections: SORT_DIRECTIONS,
      sortOrder: columnSortOrder(sort, 'createdAt'),
      render: (_, job) => {
        const created = parseTime(job.createdAt);
        if (!created) return t('jobs.notStarted');
        return (
          <Flex vertical>
            <span>{formatDateTime(created, language)}</span>
            <Typography.Text type="secondary">{formatRelative(created, now, language)}</Typography.Text>
          </Flex>
        );
      },
    },
  ];
}
