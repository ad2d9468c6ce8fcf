import { PlusOutlined } from '@ant-design/icons';
import { Button, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { useConfigMaps } from '../api/list-configmaps';
import { useSecrets } from '../api/list-secrets';
import { useQuota } from '../api/get-quota';
import { emptyContainer } from '../lib/form-model';
import { ContainerCard } from './container-card';
import { QuotaPanel } from './quota-panel';

/**
 * Step 3: the containers. Fetches the project's ConfigMaps, Secrets and quota; a lookup the
 * user may not read (403) just leaves the inputs on free text.
 */
export function ContainersStep({ cluster, project }: { cluster: string; project: string }) {
  const { t } = useTranslation();
  const configMaps = useConfigMaps(cluster, project);
  const secrets = useSecrets(cluster, project);
  const quota = useQuota(cluster, project);

  return (
    <>
      <QuotaPanel quota={quota.data} />
      <Form.List name="containers">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <ContainerCard
                key={field.key}
                index={field.name}
                onRemove={fields.length > 1 ? () => remove(field.name) : undefined}
                configMaps={configMaps.data?.items ?? []}
                secrets={secrets.data?.items ?? []}
              />
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(emptyContainer())}>
              {t('wizard.containers.add')}
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}
