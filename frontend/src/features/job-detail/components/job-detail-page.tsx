import { Card } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorState } from '@/components/error-state';
import { LoadingState } from '@/components/loading-state';
import { useJob } from '../api/get-job';
import { usePermissions } from '../api/get-permissions';
import type { JobRef } from '../api/job-ref';
import { JobActions } from './job-actions';
import { JobHeader } from './job-header';
import { JobTabs } from './job-tabs';
import { LogDrawer, type LogTarget } from './logs/log-drawer';
import type { PodRow } from './pod-columns';

/** The current time, ticking every second (durations of running things grow). */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** One Job: header with status and actions, tabs, and the log viewer. */
export function JobDetailPage() {
  const { t } = useTranslation();
  const params = useParams();
  const navigate = useNavigate();
  const jobRef: JobRef = { cluster: params.cluster ?? '', project: params.project ?? '', job: params.job ?? '' };
  const listPath = `/clusters/${encodeURIComponent(jobRef.cluster)}/projects/${encodeURIComponent(jobRef.project)}/jobs`;
  const job = useJob(jobRef);
  const permissions = usePermissions(jobRef);
  const [logTarget, setLogTarget] = useState<LogTarget | null>(null);
  const now = useNow();

  if (job.isPending) return <LoadingState />;
  if (job.isError) {
    return (
      <Card>
        <ErrorState title={t('jobDetail.loadFailed')} error={job.error} onRetry={() => void job.refetch()} />
      </Card>
    );
  }
  const view = job.data;
  const mayReadLogs = permissions.data?.logs === true;
  const openPodLogs = (pod: PodRow) =>
    setLogTarget({
      source: { kind: 'pod', pod: pod.name },
      title: t('jobDetail.logs.title', { name: pod.name }),
      containers: [...pod.containers.filter((c) => !c.init), ...pod.containers.filter((c) => c.init)].map((c) => c.name),
    });
  const openAllLogs = () =>
    setLogTarget({
      source: { kind: 'job' },
      title: t('jobDetail.logs.allTitle', { name: view.name }),
      containers: view.containers.filter((c) => !c.init).map((c) => c.name),
    });

  return (
    <section aria-labelledby="page-title">
      <JobHeader
        job={view}
        listPath={listPath}
        now={now}
        actions={
          permissions.data ? (
            <JobActions
              jobRef={jobRef}
              job={view}
              permissions={permissions.data}
              onAllLogs={openAllLogs}
              onDeleted={() => void navigate(listPath)}
            />
          ) : null
        }
      />
      <Card>
        <JobTabs jobRef={jobRef} job={view} now={now} onPodLogs={mayReadLogs ? openPodLogs : undefined} />
      </Card>
      {logTarget ? <LogDrawer jobRef={jobRef} target={logTarget} onClose={() => setLogTarget(null)} /> : null}
    </section>
  );
}
