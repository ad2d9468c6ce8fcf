import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobForm, PortModel } from '../lib/form-model';
import { checkName, checkPort, checkQuantity, checkRequestWithinLimit, checkRequired } from '../lib/validation';
import { ArgListInput } from './arg-list-input';
import { EnvList, type KeySource } from './env-list';
import { useCheckRule } from './use-issue-text';

export interface ContainerCardProps {
  index: number;
  onRemove?: () => void;
  configMaps: KeySource[];
  secrets: KeySource[];
}

const RESOURCES = [
  ['cpuRequest', 'cpuLimit', 'cpu'],
  ['memoryRequest', 'memoryLimit', 'memory'],
] as const;

/** One container: name, image, pull policy, command and args, ports, environment, resources. */
export function ContainerCard({ index, onRemove, configMaps, secrets }: ContainerCardProps) {
  const { t } = useTranslation();
  const rule = useCheckRule();
  const form = Form.useFormInstance<JobForm>();
  const n = index + 1;
  const title = t('wizard.containers.title', { n });
  const labelled = (text: string) => `${text} (${title})`;

  return (
    <Card
      size="small"
      title={title}
      role="group"
      aria-label={title}
      style={{ marginBottom: 16 }}
      extra={onRemove ? <Button aria-label={t('wizard.remove', { what: title })} icon={<DeleteOutlined />} onClick={onRemove} /> : null}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={[index, 'name']} label={labelled(t('wizard.containers.name'))} required rules={[rule((v: string | undefined) => checkName(v))]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={[index, 'image']} label={labelled(t('wizard.containers.image'))} required extra={t('wizard.containers.imageHelp')} rules={[rule((v: string | undefined) => checkRequired(v))]}>
            <Input autoComplete="off" placeholder="busybox:1.36" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name={[index, 'imagePullPolicy']} label={labelled(t('wizard.containers.pullPolicy'))} extra={t('wizard.containers.pullPolicyHelp')}>
        <Select style={{ width: 200 }} options={['IfNotPresent', 'Always', 'Never'].map((value) => ({ value, label: value }))} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={[index, 'command']} label={labelled(t('wizard.containers.command'))} extra={t('wizard.containers.commandHelp')}>
            <ArgListInput label={`${t('wizard.containers.commandArg')} (${title})`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={[index, 'args']} label={labelled(t('wizard.containers.args'))} extra={t('wizard.containers.argsHelp')}>
            <ArgListInput label={`${t('wizard.containers.arg')} (${title})`} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text strong>{t('wizard.containers.resources')}</Typography.Text>
      <Typography.Paragraph type="secondary">{t('wizard.containers.resourcesHelp')}</Typography.Paragraph>
      <Row gutter={16}>
        {RESOURCES.map(([request, limit, kind]) => (
          <Col xs={24} md={12} key={kind}>
            <Flex gap={8}>
              <Form.Item
                name={[index, request]}
                label={labelled(t(`wizard.containers.${request}`))}
                dependencies={[['containers', index, limit]]}
                rules={[
                  rule((v: string | undefined) => checkQuantity(v)),
                  rule((v: string | undefined) => checkRequestWithinLimit(v, form.getFieldValue(['containers', index, limit]) as string | undefined)),
                ]}
              >
                <Input placeholder={kind === 'cpu' ? '500m' : '256Mi'} />
              </Form.Item>
              <Form.Item name={[index, limit]} label={labelled(t(`wizard.containers.${limit}`))} rules={[rule((v: string | undefined) => checkQuantity(v))]}>
                <Input placeholder={kind === 'cpu' ? '1' : '1Gi'} />
              </Form.Item>
            </Flex>
          </Col>
        ))}
      </Row>
      <Typography.Text strong>{t('wizard.containers.ports')}</Typography.Text>
      <Form.List name={[index, 'ports']}>
        {(fields, { add, remove }) => (
          <Flex vertical style={{ margin: '8px 0 16px' }}>
            {fields.map((field) => (
              <Flex key={field.key} gap={6} align="start">
                <Form.Item name={[field.name, 'name']} style={{ marginBottom: 6 }}>
                  <Input aria-label={t('wizard.ports.name', { n: field.name + 1 })} placeholder={t('wizard.ports.namePlaceholder')} />
                </Form.Item>
                <Form.Item name={[field.name, 'protocol']} style={{ marginBottom: 6 }}>
                  <Select aria-label={t('wizard.ports.protocol', { n: field.name + 1 })} style={{ width: 90 }} options={['TCP', 'UDP'].map((value) => ({ value, label: value }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'containerPort']} rules={[rule((v: number | null | undefined) => checkPort(v))]} style={{ marginBottom: 6 }}>
                  <InputNumber aria-label={t('wizard.ports.number', { n: field.name + 1 })} placeholder="8080" precision={0} />
                </Form.Item>
                <Button aria-label={t('wizard.remove', { what: t('wizard.ports.number', { n: field.name + 1 }) })} icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }} onClick={() => add({ protocol: 'TCP', containerPort: null } satisfies PortModel)}>
              {t('wizard.ports.add')}
            </Button>
          </Flex>
        )}
      </Form.List>
      <Typography.Text strong>{t('wizard.env.title')}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        <EnvList container={index} configMaps={configMaps} secrets={secrets} />
      </div>
    </Card>
  );
}
