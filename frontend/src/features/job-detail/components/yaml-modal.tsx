import { Alert, App, Button, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@/api/client';
import { useApiClient } from '@/api/context';
import { ErrorState } from '@/components/error-state';
import { LoadingState } from '@/components/loading-state';
import { YamlEditor } from '@/features/wizard';
import { getJob } from '../api/get-job';
import { useJobYaml } from '../api/get-job-yaml';
import type { JobRef } from '../api/job-ref';
import { useReplaceJob } from '../api/replace-job';
import { toJobView } from '../lib/job-view';
import { withGeneration } from '../lib/yaml-edit';

export interface YamlModalProps {
  jobRef: JobRef;
  /** The spec version the page shows; an edit saved over a newer one is refused. */
  generation: number | undefined;
  /** Whether the user may replace the Job (offers Edit). */
  editable: boolean;
  onClose: () => void;
}

/** Why a save failed, in the user's words, with the field errors. */
function SaveError({ error, onReload }: { error: Error; onReload: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.code === 409) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('jobDetail.yaml.conflict')}
        description={error.message}
        action={<Button size="small" onClick={onReload}>{t('jobDetail.yaml.reload')}</Button>}
      />
    );
  }
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <Alert
      type="error"
      showIcon
      title={t('jobDetail.yaml.saveFailed')}
      description={
        fields.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {fields.map((f) => (
              <li key={`${f.field}:${f.message}`}>
                <code>{f.field}</code>: {f.message}
              </li>
            ))}
          </ul>
        ) : (
          error.message
        )
      }
    />
  );
}

/**
 * The Job's clean YAML export with a copy button; for users who may edit the Job, an
 * **Edit** mode in the YAML editor that replaces the Job (mutable fields only: the cluster
 * names an immutable one it refuses). What the user typed stays in the editor on failure.
 */
export function YamlModal({ jobRef, generation, editable, onClose }: YamlModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const yaml = useJobYaml(jobRef, true);
  const replace = useReplaceJob(jobRef);
  const api = useApiClient();
  const [draft, setDraft] = useState<string | null>(null);
  const label = t('jobDetail.yaml.title', { name: jobRef.job });

  const copy = () => {
    const text = draft ?? yaml.data;
    if (text === undefined) return;
    navigator.clipboard.writeText(text).then(
      () => void message.success(t('jobDetail.yaml.copied')),
      (error: unknown) => void message.error(String(error)),
    );
  };
  // The spec version is read before the text: a change in between makes the save a 409
  // rather than silently undoing it.
  const edit = async () => {
    const version = toJobView(await getJob(api, jobRef)).generation ?? generation;
    const fresh = await yaml.refetch();
    if (fresh.data !== undefined) setDraft(withGeneration(fresh.data, version));
  };
  const startEdit = () => {
    replace.reset();
    edit().catch((error: unknown) => void message.error(error instanceof Error ? error.message : String(error)));
  };
  const save = () => {
    if (draft === null) return;
    replace.mutate(draft, {
      onSuccess: () => {
        void message.success(t('jobDetail.yaml.saved'));
        onClose();
      },
    });
  };

  const footer =
    draft === null
      ? [
          <Button key="copy" onClick={copy} disabled={yaml.data === undefined}>
            {t('jobDetail.yaml.copy')}
          </Button>,
          editable ? (
            <Button key="edit" onClick={startEdit} disabled={yaml.data === undefined}>
              {t('jobDetail.yaml.edit')}
            </Button>
          ) : null,
          <Button key="close" type="primary" onClick={onClose}>
            {t('jobDetail.yaml.close')}
          </Button>,
        ]
      : [
          <Button key="cancel" onClick={onClose}>
            {t('jobDetail.yaml.cancel')}
          </Button>,
          <Button key="save" type="primary" loading={replace.isPending} onClick={save}>
            {t('jobDetail.yaml.save')}
          </Button>,
        ];

  return (
    <Modal open width={860} title={label} onCancel={onClose} footer={footer} destroyOnHidden>
      {yaml.isPending ? <LoadingState /> : null}
      {yaml.isError ? <ErrorState title={t('jobDetail.yaml.loadFailed')} error={yaml.error} onRetry={() => void yaml.refetch()} /> : null}
      {replace.error ? <SaveError error={replace.error} onReload={startEdit} /> : null}
      {draft !== null ? (
        <div style={{ marginTop: replace.error ? 12 : 0 }}>
          <YamlEditor value={draft} onChange={setDraft} aria-label={t('jobDetail.yaml.editorLabel')} height="55vh" />
        </div>
      ) : yaml.data !== undefined ? (
        <pre aria-label={label} style={{ fontFamily: 'monospace', fontSize: 12, maxHeight: '60vh', overflow: 'auto', margin: 0 }}>
          {yaml.data}
        </pre>
      ) : null}
    </Modal>
  );
}
