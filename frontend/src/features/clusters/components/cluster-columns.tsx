import { Tag, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import type { Cluster } from '../api/get-clusters';

const KNOWN_KINDS = ['sandbox', 'kubeconfig', 'inCluster'] as const;
type KnownKind = (typeof KNOWN_KINDS)[number];

function isKnownKind(kind: string): kind is KnownKind {
  return (KNOWN_KINDS as readonly string[]).includes(kind);
}

/** The cluster table's columns, declared as data. */
export function clusterColumns(t: TFunction): TableColumnsType<Cluster> {
  return [
    {
      key: 'name',
      title: t('clusters.columns.name'),
      dataIndex: 'name',
      render: (name: string) => <Link to={`/clusters/${encodeURIComponent(name)}/projects`}>{name}</Link>,
    },
    {
      key: 'kind',
      title: t('clusters.columns.kind'),
      dataIndex: 'kind',
      render: (kind: string) => (
        <Tag color={kind === 'sandbox' ? 'gold' : 'blue'}>
          {isKnownKind(kind) ? t(`clusters.kind.${kind}`) : kind}
        </Tag>
      ),
    },
  ];
}
