import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Card, Checkbox, Flex, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobForm, MountModel, VolumeType } from '../lib/form-model';
import { checkMountPath, checkName, checkRequired } from '../lib/validation';
import { useCheckRule } from './use-issue-text';

export interface VolumeCardProps {
  index: number;
  onRemove: () => void;
  /** Names offered per source type (PVCs, ConfigMaps, Secrets of the project). */
  sources: Record<'persistentVolumeClaim' | 'configMap' | 'secret', string[]>;
}

const TYPES: VolumeType[] = ['emptyDir', 'persistentVolumeClaim', 'configMap', 'secret'];

/** One volume: its type and source, and where it is mounted into which container. */
export function VolumeCard({ index, onRemove, sources }: VolumeCardProps) {
  const { t } = useTranslation();
  const rule = useCheckRule();
  const form = Form.useFormInstance<JobForm>();
  const type = Form.useWatch<VolumeType | undefined>(['volumes', index, 'type'], form);
  const containers = (Form.useWatch<JobForm['containers'] | undefined>('containers', form) ?? []).map((c) => c.name);
  const title = t('wizard.volumes.title', { n: index + 1 });
  const labelled = (text: string) => `${text} (${title})`;

  return (
    <Card size="small" title={title} role="group" aria-label={title} style={{ marginBottom: 16 }} extra={<Button aria-label={t('wizard.remove', { what: title })} icon={<DeleteOutlined />} onClick={onRemove} />}>
      <Flex gap={16} wrap>
        <Form.Item name={[index, 'name']} label={labelled(t('wizard.volumes.name'))} required rules={[rule((v: string | undefined) => checkName(v))]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name={[index, 'type']} label={labelled(t('wizard.volumes.type'))}>
          <Select style={{ width: 220 }} options={[...TYPES, ...(type === 'other' ? ['other' as const] : [])].map((value) => ({ value, label: t(`wizard.volumes.types.${value}`) }))} />
        </Form.Item>
        {type && type !== 'emptyDir' && type !== 'other' ? (
          <Form.Item name={[index, 'source']} label={labelled(t(`wizard.volumes.sources.${type}`))} required rules={[rule((v: string | undefined) => checkRequired(v))]}>
            <AutoComplete style={{ width: 240 }} options={sources[type].map((value) => ({ value }))} showSearch={{ filterOption: true }} />
          </Form.Item>
        ) : null}
      </Flex>
      <Form.List name={[index, 'mounts']}>
        {(fields, { add, remove }) => (
          <Flex vertical>
            {fields.map((field) => {
              const n = field.name + 1;
              return (
                <Flex key={field.key} gap={6} align="start" wrap>
                  <Form.Item name={[field.name, 'container']} rules={[rule((v: string | undefined) => checkRequired(v))]} style={{ marginBottom: 6 }}>
                    <Select aria-label={labelled(t('wizard.volumes.mountContainer', { n }))} style={{ width: 200 }} options={containers.map((value) => ({ value, label: value }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'mountPath']} rules={[rule((v: string | undefined) => checkMountPath(v))]} style={{ marginBottom: 6 }}>
                    <Input aria-label={labelled(t('wizard.volumes.mountPath', { n }))} placeholder="/data" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'readOnly']} valuePropName="checked" style={{ marginBottom: 6 }}>
                    <Checkbox>{t('wizard.volumes.readOnly')}</Checkbox>
                  </Form.Item>
                  <Button aria-label={t('wizard.remove', { what: labelled(t('wizard.volumes.mountPath', { n })) })} icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                </Flex>
              );
            })}
            <Button type="dashed" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }} onClick={() => add({ container: containers[0] ?? '', mountPath: '', readOnly: false } satisfies MountModel)}>
              {t('wizard.volumes.addMount')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Card>
  );
}
