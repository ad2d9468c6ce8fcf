import { Card, Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PageHeader } from '@/components/page-header';

/** `/clusters/:cluster/projects`: placeholder until the projects feature lands. */
export function ProjectsPage() {
  const { t } = useTranslation();
  const { cluster = '' } = useParams();
  return (
    <section aria-labelledby="projects-title">
      <PageHeader title={t('projects.title')} id="projects-title" />
      <Card>
        <Empty description={t('projects.placeholder', { cluster })} />
      </Card>
    </section>
  );
}
