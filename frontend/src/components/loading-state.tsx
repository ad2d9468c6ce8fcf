import { Flex, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A spinner with a label that screen readers announce. */
export function LoadingState() {
  const { t } = useTranslation();
  return (
    <Flex role="status" aria-live="polite" align="center" justify="center" gap="small" style={{ padding: 48 }}>
      <Spin />
      <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
    </Flex>
  );
}
