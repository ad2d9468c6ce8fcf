import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { ClustersSection } from '@/features/clusters';

/** `/`: the configured clusters. */
export function HomePage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="clusters-title">
      <PageHeader title={t('clusters.title')} description={t('clusters.description')} id="clusters-title" />
      <Card>
        <ClustersSection />
      </Card>
    </section>
  );
}
