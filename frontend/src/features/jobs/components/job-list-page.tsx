import { Card, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { ProjectPodQuota } from '@/features/projects';
import { JobsPanel, LIST_REFRESH_MS } from './jobs-panel';

/** `/clusters/:cluster/projects/:project/jobs`: the project's Pod quota and its Jobs. */
export function JobListPage() {
  const { t } = useTranslation();
  const { cluster = '', project = '' } = useParams();
  return (
    <section aria-labelledby="jobs-title">
      <PageHeader title={t('jobs.title')} description={t('jobs.description', { project })} id="jobs-title" />
      <Flex vertical gap={16}>
        <ProjectPodQuota cluster={cluster} project={project} refetchInterval={LIST_REFRESH_MS} />
        <Card>
          <JobsPanel key={`${cluster}/${project}`} cluster={cluster} project={project} />
        </Card>
      </Flex>
    </section>
  );
}
