import { Alert, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuotaSummary } from '../api/get-quota';

/** The project's quota (Pods, CPU, memory: used / limit), when the project has one. */
export function QuotaPanel({ quota }: { quota: QuotaSummary | undefined }) {
  const { t } = useTranslation();
  if (!quota || quota.items.length === 0) return null;
  const rows = (['pods', 'cpu', 'memory'] as const).flatMap((key) => {
    const usage = quota[key];
    return usage ? [{ key, label: t(`wizard.quota.${key}`), children: `${usage.used} / ${usage.hard}` }] : [];
  });
  return (
    <Alert
      type="info"
      style={{ marginBottom: 16 }}
      title={t('wizard.quota.title')}
      description={<Descriptions size="small" column={3} items={rows} />}
    />
  );
}
