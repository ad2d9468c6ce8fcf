import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '@/components/error-state';
import type { JobRef } from '../api/job-ref';
import { useJobPods } from '../api/list-job-pods';
import { containerColumns, podColumns, type PodRow } from './pod-columns';
import { PodTimeline } from './pod-timeline';

export interface ResourceStatusTabProps {
  jobRef: JobRef;
  now: number;
  /** Opens a Pod's log; absent when the user may not read logs. */
  onLogs?: (pod: PodRow) => void;
}

/** The Job's Pods (each expandable to its containers) and their timeline. */
export function ResourceStatusTab({ jobRef, now, onLogs }: ResourceStatusTabProps) {
  const { t, i18n } = useTranslation();
  const pods = useJobPods(jobRef);
  if (pods.isError) {
    return <ErrorState title={t('jobDetail.pods.loadFailed')} error={pods.error} onRetry={() => void pods.refetch()} />;
  }
  const items = pods.data?.items ?? [];
  const indexed = items.some((p) => p.completionIndex !== null && p.completionIndex !== undefined);
  const locale = i18n.resolvedLanguage;
  return (
    <>
      <Table<PodRow>
        aria-label={t('jobDetail.pods.title')}
        rowKey="name"
        size="small"
        loading={pods.isPending}
        dataSource={items}
        columns={podColumns(t, { indexed, now, locale, onLogs })}
        pagination={false}
        locale={{ emptyText: t('jobDetail.pods.empty') }}
        expandable={{
          expandedRowRender: (pod) => (
            <Table rowKey="name" size="small" pagination={false} dataSource={pod.containers} columns={containerColumns(t, locale)} />
          ),
        }}
        scroll={{ x: 'max-content' }}
      />
      <Card size="small" title={t('jobDetail.pods.timeline.title')} style={{ marginTop: 16 }}>
        <PodTimeline pods={items} now={now} />
      </Card>
    </>
  );
}
