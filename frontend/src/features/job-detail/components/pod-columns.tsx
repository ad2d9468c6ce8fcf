import { Button, Tag, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import type { PodList } from '../api/list-job-pods';
import { formatDuration, formatTime, secondsBetween } from '../lib/duration';

export type PodRow = PodList['items'][number];
export type ContainerRow = PodRow['containers'][number];

export const PHASE_COLORS: Record<string, string> = {
  Pending: 'default',
  Running: 'processing',
  Succeeded: 'success',
  Failed: 'error',
  Unknown: 'warning',
};

/** The Pod table's columns; `onLogs` is absent when the user may not read logs. */
export function podColumns(
  t: TFunction,
  { indexed, now, locale, onLogs }: { indexed: boolean; now: number; locale?: string; onLogs?: (pod: PodRow) => void },
): TableColumnsType<PodRow> {
  const columns: TableColumnsType<PodRow> = [
    { key: 'name', title: t('jobDetail.pods.columns.name'), dataIndex: 'name' },
    {
      key: 'phase',
      title: t('jobDetail.pods.columns.phase'),
      render: (_, pod) => <Tag color={PHASE_COLORS[pod.phase] ?? 'default'}>{pod.reason ? `${pod.phase} (${pod.reason})` : pod.phase}</Tag>,
    },
    { key: 'ready', title: t('jobDetail.pods.columns.ready'), render: (_, pod) => `${pod.ready}/${pod.containersTotal}` },
    { key: 'restarts', title: t('jobDetail.pods.columns.restarts'), dataIndex: 'restarts' },
    { key: 'node', title: t('jobDetail.pods.columns.node'), render: (_, pod) => pod.node ?? '-' },
    { key: 'ip', title: t('jobDetail.pods.columns.podIp'), render: (_, pod) => pod.podIp ?? '-' },
    { key: 'created', title: t('jobDetail.pods.columns.createdAt'), render: (_, pod) => formatTime(pod.createdAt, locale) },
    {
      key: 'duration',
      title: t('jobDetail.pods.columns.duration'),
      render: (_, pod) => formatDuration(secondsBetween(pod.startTime ?? pod.createdAt, pod.finishedAt, now)),
    },
  ];
  if (indexed) {
    columns.splice(1, 0, { key: 'index', title: t('jobDetail.pods.columns.index'), render: (_, pod) => pod.completionIndex ?? '-' });
  }
  if (onLogs) {
    columns.push({
      key: 'actions',
      title: t('jobDetail.pods.columns.actions'),
      render: (_, pod) => (
        <Button size="small" aria-label={t('jobDetail.pods.logsOf', { name: pod.name })} onClick={() => onLogs(pod)}>
          {t('jobDetail.pods.logs')}
        </Button>
      ),
    });
  }
  return columns;
}

/** The columns of a Pod's containers (the expanded row). */
export function containerColumns(t: TFunction, locale?: string): TableColumnsType<ContainerRow> {
  return [
    {
      key: 'name',
      title: t('jobDetail.pods.containers.name'),
      render: (_, c) => (c.init ? `${c.name} (${t('jobDetail.pods.containers.init')})` : c.name),
    },
    { key: 'image', title: t('jobDetail.pods.containers.image'), render: (_, c) => c.image ?? '-' },
    { key: 'state', title: t('jobDetail.pods.containers.state'), dataIndex: 'state' },
    { key: 'reason', title: t('jobDetail.pods.containers.reason'), render: (_, c) => c.reason ?? '-' },
    { key: 'exit', title: t('jobDetail.pods.containers.exitCode'), render: (_, c) => c.exitCode ?? '-' },
    { key: 'restarts', title: t('jobDetail.pods.containers.restarts'), dataIndex: 'restarts' },
    { key: 'started', title: t('jobDetail.pods.containers.startedAt'), render: (_, c) => formatTime(c.startedAt, locale) },
    { key: 'finished', title: t('jobDetail.pods.containers.finishedAt'), render: (_, c) => formatTime(c.finishedAt, locale) },
  ];
}
