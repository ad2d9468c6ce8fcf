import { useTranslation } from 'react-i18next';
import { ErrorState } from '@/components/error-state';
import { LoadingState } from '@/components/loading-state';
import { useClusters } from '../api/get-clusters';
import { ClusterList } from './cluster-list';

/** Fetches the configured clusters and hands them to `ClusterList`. */
export function ClustersSection() {
  const { t } = useTranslation();
  const clusters = useClusters();

  if (clusters.isPending) {
    return <LoadingState />;
  }
  if (clusters.isError) {
    return (
      <ErrorState
        title={t('clusters.loadFailed')}
        error={clusters.error}
        onRetry={() => void clusters.refetch()}
      />
    );
  }
  return <ClusterList clusters={clusters.data.items} />;
}
