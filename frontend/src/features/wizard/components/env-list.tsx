import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Flex, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EnvVarModel, JobForm } from '../lib/form-model';
import { checkEnvName, checkRequired } from '../lib/validation';
import { useCheckRule } from './use-issue-text';

/** A ConfigMap or Secret offered as a source: its name and key names. */
export interface KeySource {
  name: string;
  keys: string[];
}

export interface EnvListProps {
  container: number;
  configMaps: KeySource[];
  secrets: KeySource[];
}

const options = (values: string[]) => values.map((value) => ({ value }));

function EnvRow({ container, index, configMaps, secrets, onRemove }: EnvListProps & { index: number; onRemove: () => void }) {
  const { t } = useTranslation();
  const rule = useCheckRule();
  const form = Form.useFormInstance<JobForm>();
  const path = ['containers', container, 'env', index];
  const source = Form.useWatch<EnvVarModel['source'] | undefined>([...path, 'source'], form);
  const refName = Form.useWatch<string | undefined>([...path, 'refName'], form);
  const sources = source === 'secret' ? secrets : configMaps;
  const keys = sources.find((s) => s.name === refName)?.keys ?? [];
  const n = index + 1;

  return (
    <Flex gap={6} align="start" wrap>
      <Form.Item name={[index, 'name']} rules={[rule((v: string | undefined) => checkEnvName(v))]} style={{ marginBottom: 6 }}>
        <Input aria-label={t('wizard.env.name', { n })} placeholder={t('wizard.env.namePlaceholder')} />
      </Form.Item>
      <Form.Item name={[index, 'source']} style={{ marginBottom: 6 }}>
        <Select
          aria-label={t('wizard.env.source', { n })}
          style={{ width: 150 }}
          options={[
            { value: 'value', label: t('wizard.env.sources.value') },
            { value: 'configMap', label: t('wizard.env.sources.configMap') },
            { value: 'secret', label: t('wizard.env.sources.secret') },
            ...(source === 'other' ? [{ value: 'other', label: t('wizard.env.sources.other') }] : []),
          ]}
        />
      </Form.Item>
      {source === 'configMap' || source === 'secret' ? (
        <>
          <Form.Item name={[index, 'refName']} rules={[rule((v: string | undefined) => checkRequired(v))]} style={{ marginBottom: 6 }}>
            <AutoComplete
              aria-label={t(source === 'secret' ? 'wizard.env.secretName' : 'wizard.env.configMapName', { n })}
              placeholder={t(source === 'secret' ? 'wizard.env.secretPlaceholder' : 'wizard.env.configMapPlaceholder')}
              options={options(sources.map((s) => s.name))}
              showSearch={{ filterOption: true }}
              style={{ width: 200 }}
            />
          </Form.Item>
          <Form.Item name={[index, 'refKey']} rules={[rule((v: string | undefined) => checkRequired(v))]} style={{ marginBottom: 6 }}>
            <AutoComplete
              aria-label={t('wizard.env.key', { n })}
              placeholder={t('wizard.env.keyPlaceholder')}
              options={options(keys)}
              showSearch={{ filterOption: true }}
              style={{ width: 160 }}
            />
          </Form.Item>
        </>
      ) : source === 'other' ? null : (
        <Form.Item name={[index, 'value']} style={{ marginBottom: 6 }}>
          <Input aria-label={t('wizard.env.value', { n })} placeholder={t('wizard.env.valuePlaceholder')} />
        </Form.Item>
      )}
      <Button aria-label={t('wizard.remove', { what: t('wizard.env.name', { n }) })} icon={<DeleteOutlined />} onClick={onRemove} />
    </Flex>
  );
}

/** A container's environment variables: literal values, ConfigMap keys or Secret keys. */
export function EnvList(props: EnvListProps) {
  const { t } = useTranslation();
  return (
    <Form.List name={[props.container, 'env']}>
      {(fields, { add, remove }) => (
        <Flex vertical gap={0}>
          {fields.map((field) => (
            <EnvRow key={field.key} {...props} index={field.name} onRemove={() => remove(field.name)} />
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            style={{ alignSelf: 'flex-start' }}
            onClick={() => add({ name: '', source: 'value', value: '' } satisfies EnvVarModel)}
          >
            {t('wizard.env.add')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
