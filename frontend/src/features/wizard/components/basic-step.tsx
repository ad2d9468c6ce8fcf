import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { checkMaxLength, checkName } from '../lib/validation';
import { useCheckRule } from './use-issue-text';

/** Step 1: name, alias and description. */
export function BasicStep({ cluster, project }: { cluster: string; project: string }) {
  const { t } = useTranslation();
  const rule = useCheckRule();
  return (
    <>
      <Form.Item label={t('wizard.basic.location')}>
        <Input value={`${cluster} / ${project}`} disabled aria-label={t('wizard.basic.location')} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('wizard.basic.name')}
        extra={t('wizard.basic.nameHelp')}
        required
        rules={[rule((v: string | undefined) => checkName(v))]}
        validateFirst
      >
        <Input autoComplete="off" maxLength={253} />
      </Form.Item>
      <Form.Item
        name="alias"
        label={t('wizard.basic.alias')}
        extra={t('wizard.basic.aliasHelp')}
        rules={[rule((v: string | undefined) => checkMaxLength(v, 63))]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('wizard.basic.description')}
        extra={t('wizard.basic.descriptionHelp')}
        rules={[rule((v: string | undefined) => checkMaxLength(v, 512))]}
      >
        <Input.TextArea rows={3} showCount maxLength={512} />
      </Form.Item>
    </>
  );
}
