import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useConfigMaps } from '../api/list-configmaps';
import { usePvcs } from '../api/list-pvcs';
import { useSecrets } from '../api/list-secrets';
import type { VolumeModel } from '../lib/form-model';
import { VolumeCard } from './volume-card';

/** Step 4: volumes (emptyDir, PVC, ConfigMap, Secret) and their mounts; lookups may fail (free text). */
export function VolumesStep({ cluster, project }: { cluster: string; project: string }) {
  const { t } = useTranslation();
  const pvcs = usePvcs(cluster, project);
  const configMaps = useConfigMaps(cluster, project);
  const secrets = useSecrets(cluster, project);
  const sources = {
    persistentVolumeClaim: (pvcs.data?.items ?? []).map((p) => p.name),
    configMap: (configMaps.data?.items ?? []).map((c) => c.name),
    secret: (secrets.data?.items ?? []).map((s) => s.name),
  };
  return (
    <>
      <Typography.Paragraph type="secondary">{t('wizard.volumes.help')}</Typography.Paragraph>
      <Form.List name="volumes">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <VolumeCard key={field.key} index={field.name} onRemove={() => remove(field.name)} sources={sources} />
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ name: `volume-${fields.length + 1}`, type: 'emptyDir', mounts: [] } satisfies VolumeModel)}
            >
              {t('wizard.volumes.add')}
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}
