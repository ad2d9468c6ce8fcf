import { App, Button, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '@/components/error-state';
import { LoadingState } from '@/components/loading-state';
import { useJobYaml } from '../api/get-job-yaml';
import type { JobRef } from '../api/job-ref';

/** The Job's clean YAML export, read-only, with a copy button. */
export function YamlModal({ jobRef, onClose }: { jobRef: JobRef; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const yaml = useJobYaml(jobRef, true);

  const copy = () => {
    if (yaml.data === undefined) return;
    navigator.clipboard.writeText(yaml.data).then(
      () => void message.success(t('jobDetail.yaml.copied')),
      (error: unknown) => void message.error(String(error)),
    );
  };

  return (
    <Modal
      open
      width={800}
      title={t('jobDetail.yaml.title', { name: jobRef.job })}
      onCancel={onClose}
      footer={[
        <Button key="copy" onClick={copy} disabled={yaml.data === undefined}>
          {t('jobDetail.yaml.copy')}
        </Button>,
        <Button key="close" type="primary" onClick={onClose}>
          {t('jobDetail.yaml.close')}
        </Button>,
      ]}
    >
      {yaml.isPending ? <LoadingState /> : null}
      {yaml.isError ? <ErrorState title={t('jobDetail.yaml.loadFailed')} error={yaml.error} onRetry={() => void yaml.refetch()} /> : null}
      {yaml.data !== undefined ? (
        <pre
          aria-label={t('jobDetail.yaml.title', { name: jobRef.job })}
          style={{ fontFamily: 'monospace', fontSize: 12, maxHeight: '60vh', overflow: 'auto', margin: 0 }}
        >
          {yaml.data}
        </pre>
      ) : null}
    </Modal>
  );
}
