import { Card, Empty, Flex, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeEnv, type EnvVar } from '../lib/env';
import type { JobView } from '../lib/job-view';

/** Each container's environment variables: the value, or where it comes from. */
export function EnvTab({ job }: { job: JobView }) {
  const { t } = useTranslation();
  if (job.containers.length === 0) return <Empty description={t('jobDetail.env.none')} />;
  return (
    <Flex vertical gap={16}>
      {job.containers.map((container) => {
        const title = t(container.init ? 'jobDetail.env.initContainer' : 'jobDetail.env.container', { name: container.name });
        return (
          <Card key={`${container.init ? 'init-' : ''}${container.name}`} size="small" title={title}>
            <Table<EnvVar>
              aria-label={title}
              rowKey="name"
              size="small"
              pagination={false}
              dataSource={container.env}
              locale={{ emptyText: t('jobDetail.env.none') }}
              columns={[
                { key: 'name', title: t('jobDetail.env.name'), dataIndex: 'name' },
                {
                  key: 'value',
                  title: t('jobDetail.env.value'),
                  render: (_, env) => {
                    const shown = describeEnv(env);
                    return shown.kind === 'value' ? (
                      <span style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{shown.text}</span>
                    ) : (
                      <>
                        <Tag>{t(`jobDetail.env.sources.${shown.kind}`)}</Tag>
                        {shown.text}
                      </>
                    );
                  },
                },
              ]}
            />
          </Card>
        );
      })}
    </Flex>
  );
}
