import { Card, Empty } from 'antd';
import { useParams } from 'react-router';
import { PageHeader } from '@/components/page-header';

/** Placeholder page for the project's Jobs (being built). */
export function JobListPage() {
  const params = useParams();
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={params.job ?? params.project ?? ''} id="page-title" />
      <Card>
        <Empty />
      </Card>
    </section>
  );
}
