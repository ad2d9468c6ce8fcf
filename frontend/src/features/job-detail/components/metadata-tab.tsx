import { Card, Empty, Flex, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobView } from '../lib/job-view';

/** The Job's labels (tags) and annotations (a key/value table). */
export function MetadataTab({ job }: { job: JobView }) {
  const { t } = useTranslation();
  const labels = Object.entries(job.labels);
  const annotations = Object.entries(job.annotations).map(([key, value]) => ({ key, value }));
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('jobDetail.metadata.labels')}>
        {labels.length === 0 ? (
          <Empty description={t('jobDetail.metadata.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Flex wrap gap={4}>
            {labels.map(([key, value]) => (
              <Tag key={key}>{`${key}=${value}`}</Tag>
            ))}
          </Flex>
        )}
      </Card>
      <Card size="small" title={t('jobDetail.metadata.annotations')}>
        <Table
          aria-label={t('jobDetail.metadata.annotations')}
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={annotations}
          locale={{ emptyText: t('jobDetail.metadata.none') }}
          columns={[
            { key: 'key', title: t('jobDetail.metadata.key'), dataIndex: 'key' },
            {
              key: 'value',
              title: t('jobDetail.metadata.value'),
              dataIndex: 'value',
              render: (value: string) => <span style={{ wordBreak: 'break-all', fontFamily: 'monospace' }}>{value}</span>,
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
