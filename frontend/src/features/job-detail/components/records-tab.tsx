import { Table, Tag, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '@/components/error-state';
import type { JobRef } from '../api/job-ref';
import { useJobRecords, type RunRecords } from '../api/list-job-records';
import { formatDuration, formatTime } from '../lib/duration';

type RunRecord = RunRecords['items'][number];

const COLORS: Record<RunRecord['status'], string> = {
  running: 'processing',
  completed: 'success',
  failed: 'error',
  unfinished: 'warning',
};

function recordColumns(t: TFunction, locale?: string): TableColumnsType<RunRecord> {
  return [
    {
      key: 'run',
      title: t('jobDetail.records.columns.run'),
      render: (_, r) => (
        <>
          #{r.run} {r.current ? <Tag color="blue">{t('jobDetail.records.current')}</Tag> : null}
        </>
      ),
    },
    {
      key: 'status',
      title: t('jobDetail.records.columns.status'),
      render: (_, r) => <Tag color={COLORS[r.status]}>{t(`jobDetail.records.status.${r.status}`)}</Tag>,
    },
    { key: 'start', title: t('jobDetail.records.columns.start'), render: (_, r) => formatTime(r.startTime, locale) },
    { key: 'finish', title: t('jobDetail.records.columns.finish'), render: (_, r) => formatTime(r.completionTime, locale) },
    { key: 'duration', title: t('jobDetail.records.columns.duration'), render: (_, r) => formatDuration(r.durationSeconds) },
    {
      key: 'succeeded',
      title: t('jobDetail.records.columns.succeeded'),
      render: (_, r) => (r.desired > 0 ? `${r.succeeded}/${r.desired}` : r.succeeded),
    },
    { key: 'failed', title: t('jobDetail.records.columns.failed'), dataIndex: 'failed' },
    {
      key: 'message',
      title: t('jobDetail.records.columns.message'),
      render: (_, r) => [...r.reasons, ...r.messages].join('; ') || '-',
    },
  ];
}

/** One row per run of the Job, newest first, the current run marked. */
export function RecordsTab({ jobRef }: { jobRef: JobRef }) {
  const { t, i18n } = useTranslation();
  const records = useJobRecords(jobRef);
  if (records.isError) {
    return <ErrorState title={t('jobDetail.records.loadFailed')} error={records.error} onRetry={() => void records.refetch()} />;
  }
  return (
    <Table<RunRecord>
      aria-label={t('jobDetail.tabs.records')}
      rowKey="run"
      size="small"
      loading={records.isPending}
      dataSource={records.data?.items ?? []}
      columns={recordColumns(t, i18n.resolvedLanguage)}
      pagination={false}
      locale={{ emptyText: t('jobDetail.records.empty') }}
      scroll={{ x: 'max-content' }}
    />
  );
}
