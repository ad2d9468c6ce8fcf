import { Alert, Form, InputNumber, Radio, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { jobKind, type JobForm } from '../lib/form-model';
import { checkNonNegative } from '../lib/validation';
import { useCheckRule } from './use-issue-text';

const NUMBER_FIELDS = ['backoffLimit', 'completions', 'parallelism', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'] as const;

/** Step 2: the Job's counts, deadline, clean-up, completion mode, restart policy and suspension. */
export function SettingsStep() {
  const { t } = useTranslation();
  const rule = useCheckRule();
  const form = Form.useFormInstance<JobForm>();
  const completions = Form.useWatch('completions', form);
  const parallelism = Form.useWatch('parallelism', form);
  const kind = jobKind({ completions, parallelism });

  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('wizard.settings.kindTitle', { kind: t(`wizard.settings.kinds.${kind}`) })}
        description={t(`wizard.settings.kindHelp.${kind}`)}
      />
      {NUMBER_FIELDS.map((field) => (
        <Form.Item
          key={field}
          name={field}
          label={t(`wizard.settings.${field}`)}
          extra={t(`wizard.settings.help.${field}`)}
          rules={[rule((v: number | null | undefined) => checkNonNegative(v))]}
          dependencies={field === 'completions' ? ['completionMode'] : []}
        >
          <InputNumber min={0} precision={0} style={{ width: 200 }} />
        </Form.Item>
      ))}
      <Form.Item name="completionMode" label={t('wizard.settings.completionMode')} extra={t('wizard.settings.help.completionMode')}>
        <Radio.Group
          options={[
            { value: 'NonIndexed', label: t('wizard.settings.nonIndexed') },
            { value: 'Indexed', label: t('wizard.settings.indexed') },
          ]}
        />
      </Form.Item>
      <Form.Item name="restartPolicy" label={t('wizard.settings.restartPolicy')} extra={t('wizard.settings.help.restartPolicy')}>
        <Radio.Group
          options={[
            { value: 'Never', label: t('wizard.settings.never') },
            { value: 'OnFailure', label: t('wizard.settings.onFailure') },
          ]}
        />
      </Form.Item>
      <Form.Item name="suspend" label={t('wizard.settings.suspend')} extra={t('wizard.settings.help.suspend')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </>
  );
}
