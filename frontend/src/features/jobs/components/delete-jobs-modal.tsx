import { Alert, App, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDeleteJobs } from '../api/delete-job';

export interface DeleteJobsModalProps {
  cluster: string;
  project: string;
  /** The Jobs to delete; the modal is open while there are some. */
  names: readonly string[];
  /** Closes the modal; `deleted` are the Jobs that are gone. */
  onClose: (deleted: readonly string[]) => void;
}

/**
 * Asks before deleting the selected Jobs (their Pods go too), deletes each, and lists the
 * ones that could not be deleted with the server's reason.
 */
export function DeleteJobsModal({ cluster, project, names, onClose }: DeleteJobsModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const deletion = useDeleteJobs(cluster, project);
  const failed = deletion.data?.failed ?? [];
  const deleted = deletion.data?.deleted ?? [];

  const close = () => {
    onClose(deleted);
    deletion.reset();
  };

  const confirm = () => {
    deletion.mutate(names, {
      onSuccess: (summary) => {
        if (summary.failed.length === 0) {
          void message.success(t('jobs.delete.done', { count: summary.deleted.length }));
          onClose(summary.deleted);
          deletion.reset();
        }
      },
    });
  };

  const finished = deletion.isSuccess && failed.length > 0;
  const footer = finished
    ? [
        <Button key="close" type="primary" onClick={close}>
          {t('jobs.delete.close')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={close} disabled={deletion.isPending}>
          {t('jobs.delete.cancel')}
        </Button>,
        <Button key="delete" type="primary" danger loading={deletion.isPending} onClick={confirm}>
          {t('jobs.delete.confirm')}
        </Button>,
      ];

  return (
    <Modal
      open={names.length > 0}
      title={t('jobs.delete.title', { count: names.length })}
      onCancel={deletion.isPending ? undefined : close}
      closable={!deletion.isPending}
      mask={{ closable: false }}
      footer={footer}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('jobs.delete.intro')}</Typography.Paragraph>
      <ul aria-label={t('jobs.delete.intro')}>
        {names.map((name) => (
          <li key={name}>
            <Typography.Text code>{name}</Typography.Text>
          </li>
        ))}
      </ul>
      {finished ? (
        <Alert
          type="error"
          showIcon
          title={t('jobs.delete.failed', { count: failed.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 16 }}>
              {failed.map((failure) => (
                <li key={failure.name}>{t('jobs.delete.failedItem', { name: failure.name, message: failure.message })}</li>
              ))}
            </ul>
          }
        />
      ) : null}
    </Modal>
  );
}
