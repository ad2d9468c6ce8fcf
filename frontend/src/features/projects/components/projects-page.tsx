import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorState } from '@/components/error-state';
import { LoadingState } from '@/components/loading-state';
import { PageHeader } from '@/components/page-header';
import { useProjects } from '../api/get-projects';
import { ProjectList } from './project-list';

/** `/clusters/:cluster/projects`: fetches the user's projects and hands them to `ProjectList`. */
export function ProjectsPage() {
  const { t } = useTranslation();
  const { cluster = '' } = useParams();
  const projects = useProjects(cluster);

  let body;
  if (projects.isPending) {
    body = <LoadingState />;
  } else if (projects.isError) {
    body = (
      <ErrorState title={t('projects.loadFailed')} error={projects.error} onRetry={() => void projects.refetch()} />
    );
  } else {
    body = <ProjectList cluster={cluster} projects={projects.data.items} />;
  }

  return (
    <section aria-labelledby="projects-title">
      <PageHeader title={t('projects.title')} description={t('projects.description', { cluster })} id="projects-title" />
      <Card>{body}</Card>
    </section>
  );
}
