import { App, Button, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@/api/client';
import { jobYamlPath } from '../api/get-job-yaml';
import type { Permissions } from '../api/get-permissions';
import type { JobRef } from '../api/job-ref';
import { useRerunJob } from '../api/rerun-job';
import { useResumeJob } from '../api/resume-job';
import { useSuspendJob } from '../api/suspend-job';
import { apiUrl } from '../api/text';
import type { JobView } from '../lib/job-view';
import { DeleteJobModal } from './delete-job-modal';
import { EditInfoModal } from './edit-info-modal';
import { YamlModal } from './yaml-modal';

export interface JobActionsProps {
  jobRef: JobRef;
  job: JobView;
  permissions: Permissions;
  onAllLogs: () => void;
  /** Where to go once the Job is deleted. */
  onDeleted: () => void;
}

type Dialog = 'edit' | 'yaml' | 'delete' | null;

/** The Job's actions, each shown only when the user may take it. */
export function JobActions({ jobRef, job, permissions, onAllLogs, onDeleted }: JobActionsProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const rerun = useRerunJob(jobRef);
  const suspend = useSuspendJob(jobRef);
  const resume = useResumeJob(jobRef);

  const fail = (error: unknown) => {
    void message.error(error instanceof Error ? error.message : t('jobDetail.actions.failed'));
  };

  const startRerun = (force: boolean) => {
    rerun.mutate(
      { force },
      {
        onSuccess: () => void message.success(t('jobDetail.rerun.started')),
        onError: (error) => {
          if (!force && error instanceof ApiError && error.code === 409) {
            modal.confirm({
              title: t('jobDetail.rerun.confirmTitle'),
              content: t('jobDetail.rerun.confirmBody'),
              okText: t('jobDetail.rerun.force'),
              cancelText: t('jobDetail.rerun.cancel'),
              okButtonProps: { danger: true },
              onOk: () => startRerun(true),
            });
            return;
          }
          fail(error);
        },
      },
    );
  };

  const toggleSuspend = () => {
    const action = job.suspended ? resume : suspend;
    action.mutate(undefined, {
      onSuccess: () => void message.success(t(job.suspended ? 'jobDetail.suspend.resumed' : 'jobDetail.suspend.suspended')),
      onError: fail,
    });
  };

  return (
    <Flex role="group" aria-label={t('jobDetail.actions.label')} gap={8} wrap>
      {permissions.edit ? <Button onClick={() => setDialog('edit')}>{t('jobDetail.actions.editInfo')}</Button> : null}
      {permissions.rerun ? (
        <Button loading={rerun.isPending} onClick={() => startRerun(false)}>
          {t('jobDetail.actions.rerun')}
        </Button>
      ) : null}
      {permissions.suspend && job.status !== 'Completed' && job.status !== 'Failed' ? (
        <Button loading={suspend.isPending || resume.isPending} onClick={toggleSuspend}>
          {t(job.suspended ? 'jobDetail.actions.resume' : 'jobDetail.actions.suspend')}
        </Button>
      ) : null}
      {permissions.logs ? <Button onClick={onAllLogs}>{t('jobDetail.actions.allLogs')}</Button> : null}
      <Button onClick={() => setDialog('yaml')}>{t('jobDetail.actions.viewYaml')}</Button>
      <Button href={apiUrl(jobYamlPath(jobRef))} download={`${jobRef.job}.yaml`}>
        {t('jobDetail.actions.exportYaml')}
      </Button>
      {permissions.delete ? (
        <Button danger onClick={() => setDialog('delete')}>
          {t('jobDetail.actions.delete')}
        </Button>
      ) : null}
      {dialog === 'edit' ? <EditInfoModal jobRef={jobRef} job={job} onClose={() => setDialog(null)} /> : null}
      {dialog === 'yaml' ? (
        <YamlModal
          jobRef={jobRef}
          generation={job.generation}
          editable={permissions.edit}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'delete' ? (
        <DeleteJobModal jobRef={jobRef} onClose={() => setDialog(null)} onDeleted={onDeleted} />
      ) : null}
    </Flex>
  );
}
