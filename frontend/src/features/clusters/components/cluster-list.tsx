import { Empty, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Cluster } from '../api/get-clusters';
import { clusterColumns } from './cluster-columns';

/** Renders the configured clusters, or says that there are none. */
export function ClusterList({ clusters }: { clusters: readonly Cluster[] }) {
  const { t } = useTranslation();

  if (clusters.length === 0) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <>
            <Typography.Paragraph strong>{t('clusters.empty')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('clusters.emptyHint')}</Typography.Paragraph>
          </>
        }
      />
    );
  }

  return (
    <Table<Cluster>
      rowKey="name"
      columns={clusterColumns(t)}
      dataSource={[...clusters]}
      pagination={false}
      size="middle"
    />
  );
}
