import { useParams } from 'react-router';
import { JobWizard } from './job-wizard';

/** `/clusters/:cluster/projects/:project/jobs/new`: the create-Job wizard. */
export function CreateJobPage() {
  const { cluster = '', project = '' } = useParams();
  return <JobWizard key={`${cluster}/${project}`} cluster={cluster} project={project} />;
}
