import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@/api/client';
import type { JobRef } from '../api/job-ref';
import { usePatchJobInfo, type JobInfo } from '../api/patch-job-info';
import type { JobView } from '../lib/job-view';

interface Values {
  alias: string;
  description: string;
}

/** Edits the alias (≤ 63) and description (≤ 512); the server's field errors land on the fields. */
export function EditInfoModal({ jobRef, job, onClose }: { jobRef: JobRef; job: JobView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const patch = usePatchJobInfo(jobRef);

  const save = (values: Values) => {
    const body: JobInfo = { alias: values.alias, description: values.description };
    patch.mutate(body, {
      onSuccess: () => {
        void message.success(t('jobDetail.editInfo.saved'));
        onClose();
      },
      onError: (error) => {
        const known = ['alias', 'description'] as const;
        const fields = error instanceof ApiError ? error.fields : [];
        const placed = fields.filter((f) => (known as readonly string[]).includes(f.field));
        if (placed.length > 0) {
          form.setFields(placed.map((f) => ({ name: f.field as keyof Values, errors: [f.message] })));
        }
        if (placed.length < fields.length || fields.length === 0) {
          void message.error(`${t('jobDetail.editInfo.failed')}: ${error.message}`);
        }
      },
    });
  };

  return (
    <Modal
      open
      title={t('jobDetail.editInfo.title')}
      okText={t('jobDetail.editInfo.save')}
      cancelText={t('jobDetail.editInfo.cancel')}
      confirmLoading={patch.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ alias: job.alias ?? '', description: job.description ?? '' }}
        onFinish={save}
      >
        <Form.Item name="alias" label={t('jobDetail.editInfo.alias')} rules={[{ max: 63, message: t('jobDetail.editInfo.aliasTooLong') }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('jobDetail.editInfo.description')}
          rules={[{ max: 512, message: t('jobDetail.editInfo.descriptionTooLong') }]}
        >
          <Input.TextArea rows={4} showCount maxLength={512} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
