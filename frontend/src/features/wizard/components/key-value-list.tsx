import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Flex, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobForm, KeyValue } from '../lib/form-model';
import { checkLabelKey, checkLabelValue } from '../lib/validation';
import { useCheckRule } from './use-issue-text';

export interface KeyValueListProps {
  name: 'labels' | 'podLabels' | 'annotations' | 'nodeSelector';
  title: string;
  help?: string;
  /** Values are checked as label values (not for annotations). */
  labelValues?: boolean;
  /** Suggested keys, and suggested values per key (free text either way). */
  suggestions?: Record<string, string[]>;
}

/** A list of key/value pairs (labels, annotations, node selector) with optional suggestions. */
export function KeyValueList({ name, title, help, labelValues = true, suggestions = {} }: KeyValueListProps) {
  const { t } = useTranslation();
  const rule = useCheckRule();
  const form = Form.useFormInstance<JobForm>();
  const pairs = Form.useWatch<KeyValue[] | undefined>(name, form) ?? [];
  const keyOptions = Object.keys(suggestions).map((value) => ({ value }));

  return (
    <section aria-label={title} style={{ marginBottom: 24 }}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {help ? <Typography.Paragraph type="secondary">{help}</Typography.Paragraph> : null}
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <Flex vertical>
            {fields.map((field) => {
              const n = field.name + 1;
              const key = pairs[field.name]?.key ?? '';
              const valueOptions = (suggestions[key] ?? []).map((value) => ({ value }));
              return (
                <Flex key={field.key} gap={6} align="start">
                  <Form.Item name={[field.name, 'key']} rules={[rule((v: string | undefined) => checkLabelKey(v))]} style={{ marginBottom: 6 }}>
                    <AutoComplete aria-label={t('wizard.pairs.key', { title, n })} placeholder={t('wizard.pairs.keyPlaceholder')} options={keyOptions} showSearch={{ filterOption: true }} style={{ width: 260 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'value']} rules={labelValues ? [rule((v: string | undefined) => checkLabelValue(v))] : []} style={{ marginBottom: 6 }}>
                    <AutoComplete aria-label={t('wizard.pairs.value', { title, n })} placeholder={t('wizard.pairs.valuePlaceholder')} options={valueOptions} showSearch={{ filterOption: true }} style={{ width: 260 }} />
                  </Form.Item>
                  <Button aria-label={t('wizard.remove', { what: t('wizard.pairs.key', { title, n }) })} icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                </Flex>
              );
            })}
            <Button type="dashed" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }} onClick={() => add({ key: '', value: '' } satisfies KeyValue)}>
              {t('wizard.add', { what: title })}
            </Button>
          </Flex>
        )}
      </Form.List>
    </section>
  );
}
