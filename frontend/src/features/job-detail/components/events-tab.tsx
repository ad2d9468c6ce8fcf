import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '@/components/error-state';
import type { JobRef } from '../api/job-ref';
import { useJobEvents, type EventList } from '../api/list-job-events';
import { formatTime } from '../lib/duration';

type EventRow = EventList['items'][number];

function eventColumns(t: TFunction, locale?: string): TableColumnsType<EventRow> {
  return [
    {
      key: 'type',
      title: t('jobDetail.events.columns.type'),
      render: (_, e) => <Tag color={e.type === 'Warning' ? 'warning' : 'default'}>{e.type}</Tag>,
    },
    { key: 'reason', title: t('jobDetail.events.columns.reason'), dataIndex: 'reason' },
    { key: 'object', title: t('jobDetail.events.columns.object'), render: (_, e) => `${e.kind}/${e.name}` },
    {
      key: 'message',
      title: t('jobDetail.events.columns.message'),
      render: (_, e) => <Typography.Text type={e.type === 'Warning' ? 'warning' : undefined}>{e.message}</Typography.Text>,
    },
    { key: 'count', title: t('jobDetail.events.columns.count'), dataIndex: 'count' },
    {
      key: 'last',
      title: t('jobDetail.events.columns.lastSeen'),
      render: (_, e) => formatTime(e.lastTimestamp ?? e.firstTimestamp, locale),
    },
  ];
}

/** The Job's and its Pods' events, newest first, warnings highlighted. */
export function EventsTab({ jobRef }: { jobRef: JobRef }) {
  const { t, i18n } = useTranslation();
  const events = useJobEvents(jobRef);
  if (events.isError) {
    return <ErrorState title={t('jobDetail.events.loadFailed')} error={events.error} onRetry={() => void events.refetch()} />;
  }
  return (
    <Table<EventRow>
      aria-label={t('jobDetail.tabs.events')}
      rowKey={(e) => `${e.kind}/${e.name}/${e.reason}/${e.message}`}
      size="small"
      loading={events.isPending}
      dataSource={events.data?.items ?? []}
      columns={eventColumns(t, i18n.resolvedLanguage)}
      pagination={false}
      locale={{ emptyText: t('jobDetail.events.empty') }}
      scroll={{ x: 'max-content' }}
    />
  );
}
