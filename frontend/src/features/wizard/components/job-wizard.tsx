import { Alert, Card, Flex, Form, Steps, Switch, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { STEPS, type JobForm, type StepId } from '../lib/form-model';
import { BasicStep } from './basic-step';
import { ContainersStep } from './containers-step';
import { LabelsStep } from './labels-step';
import { NodeSelectorStep } from './node-selector-step';
import { SettingsStep } from './settings-step';
import { useJobWizard } from './use-job-wizard';
import { VolumesStep } from './volumes-step';
import { WizardFooter } from './wizard-footer';
import { YamlMode } from './yaml-mode';

/** The create-Job wizard of one project: steps or edit mode (YAML), then dry run and create. */
export function JobWizard({ cluster, project }: { cluster: string; project: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<JobForm>();
  const wizard = useJobWizard(form, cluster, project);
  const yamlMode = wizard.mode === 'yaml';

  const steps: Record<StepId, ReactNode> = {
    basic: <BasicStep cluster={cluster} project={project} />,
    settings: <SettingsStep />,
    containers: <ContainersStep cluster={cluster} project={project} />,
    volumes: <VolumesStep cluster={cluster} project={project} />,
    labels: <LabelsStep />,
    nodeSelector: <NodeSelectorStep cluster={cluster} />,
  };

  const failure = wizard.failure;
  return (
    <section aria-labelledby="page-title">
      <Flex justify="space-between" align="start">
        <PageHeader title={t('wizard.title')} description={t('wizard.description', { project })} id="page-title" />
        <Flex gap={8} align="center">
          <Typography.Text id="wizard-edit-yaml">{t('wizard.editYaml')}</Typography.Text>
          <Switch
            aria-labelledby="wizard-edit-yaml"
            checked={yamlMode}
            onChange={(on) => (on ? wizard.enterYaml() : wizard.leaveYaml())}
          />
        </Flex>
      </Flex>
      <Card>
        {!yamlMode ? (
          <Steps
            size="small"
            current={wizard.stepIndex}
            onChange={wizard.goTo}
            style={{ marginBottom: 24 }}
            items={STEPS.map((step, index) => ({ title: t(`wizard.steps.${step}`), disabled: index > wizard.visited }))}
          />
        ) : null}
        {failure && (!yamlMode || failure.fields.length === 0) ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={failure.error.code === 422 ? t('wizard.errors.invalid') : t('wizard.errors.createFailed')}
            description={
              <>
                <div>{failure.error.message}</div>
                {failure.fields.map((f) => (
                  <div key={`${f.field}:${f.message}`}>
                    <Typography.Text code>{f.field}</Typography.Text> {f.message}
                  </div>
                ))}
              </>
            }
          />
        ) : null}
        <Form form={form} layout="vertical" initialValues={wizard.initialForm} onValuesChange={wizard.onValuesChange} preserve>
          {yamlMode ? (
            <YamlMode yaml={wizard.yaml} onChange={wizard.changeYaml} error={wizard.yamlError} problems={failure?.fields ?? []} />
          ) : (
            steps[wizard.step]
          )}
        </Form>
        <WizardFooter
          first={wizard.stepIndex === 0}
          last={wizard.stepIndex === STEPS.length - 1}
          yamlMode={yamlMode}
          creating={wizard.creating}
          onCancel={wizard.cancel}
          onPrevious={wizard.previous}
          onNext={wizard.next}
          onCreate={() => void wizard.submit()}
        />
      </Card>
    </section>
  );
}
