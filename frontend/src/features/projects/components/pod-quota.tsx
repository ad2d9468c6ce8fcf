import { Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PodQuota as PodQuotaFigures } from '../lib/quota';

/** "Pods: 3 / 20" with a progress bar, as KubeSphere shows a project's quota above a list. */
export function PodQuota({ quota }: { quota: PodQuotaFigures }) {
  const { t } = useTranslation();
  const label = t('projects.quota.pods', { used: quota.used, hard: quota.hard });
  return (
    <Flex align="center" gap={12} style={{ maxWidth: 420 }}>
      <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
        {label}
      </Typography.Text>
      <Progress
        aria-label={t('projects.quota.podsUsage')}
        percent={quota.percent}
        size="small"
        status={quota.percent >= 90 ? 'exception' : 'normal'}
        showInfo={false}
        style={{ flex: 1, margin: 0 }}
      />
    </Flex>
  );
}
