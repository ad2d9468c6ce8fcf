import { Tabs, type TabsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobRef } from '../api/job-ref';
import type { JobView } from '../lib/job-view';
import { EnvTab } from './env-tab';
import { EventsTab } from './events-tab';
import { MetadataTab } from './metadata-tab';
import type { PodRow } from './pod-columns';
import { RecordsTab } from './records-tab';
import { ResourceStatusTab } from './resource-status-tab';

export interface JobTabsProps {
  jobRef: JobRef;
  job: JobView;
  now: number;
  onPodLogs?: (pod: PodRow) => void;
}

/** Resource status, execution records, metadata, environment variables and events. */
export function JobTabs({ jobRef, job, now, onPodLogs }: JobTabsProps) {
  const { t } = useTranslation();
  const items: TabsProps['items'] = [
    { key: 'pods', label: t('jobDetail.tabs.pods'), children: <ResourceStatusTab jobRef={jobRef} now={now} onLogs={onPodLogs} /> },
    { key: 'records', label: t('jobDetail.tabs.records'), children: <RecordsTab jobRef={jobRef} /> },
    { key: 'metadata', label: t('jobDetail.tabs.metadata'), children: <MetadataTab job={job} /> },
    { key: 'env', label: t('jobDetail.tabs.env'), children: <EnvTab job={job} /> },
    { key: 'events', label: t('jobDetail.tabs.events'), children: <EventsTab jobRef={jobRef} /> },
  ];
  return <Tabs items={items} destroyOnHidden />;
}
