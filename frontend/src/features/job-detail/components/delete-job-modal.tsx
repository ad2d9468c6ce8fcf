import { App, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteJob } from '../api/delete-job';
import type { JobRef } from '../api/job-ref';

/** Deletes the Job once the user has typed its name. */
export function DeleteJobModal({ jobRef, onClose, onDeleted }: { jobRef: JobRef; onClose: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [typed, setTyped] = useState('');
  const remove = useDeleteJob(jobRef);
  const name = jobRef.job;

  const confirm = () => {
    remove.mutate(undefined, {
      onSuccess: () => {
        void message.success(t('jobDetail.delete.done', { name }));
        onClose();
        onDeleted();
      },
      onError: (error) => void message.error(`${t('jobDetail.delete.failed')}: ${error.message}`),
    });
  };

  return (
    <Modal
      open
      title={t('jobDetail.delete.title')}
      okText={t('jobDetail.delete.ok')}
      cancelText={t('jobDetail.delete.cancel')}
      okButtonProps={{ danger: true, disabled: typed !== name }}
      confirmLoading={remove.isPending}
      onOk={confirm}
      onCancel={onClose}
    >
      <Typography.Paragraph>{t('jobDetail.delete.body', { name })}</Typography.Paragraph>
      <label htmlFor="delete-job-name">{t('jobDetail.delete.typeName', { name })}</label>
      <Input id="delete-job-name" value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
    </Modal>
  );
}
