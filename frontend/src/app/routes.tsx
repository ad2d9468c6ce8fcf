import type { RouteObject } from 'react-router';
import { LoginPage, RequireSession } from '@/features/auth';
import { JobDetailPage } from '@/features/job-detail';
import { JobListPage } from '@/features/jobs';
import { ProjectsPage } from '@/features/projects';
import { CreateJobPage } from '@/features/wizard';
import { AppLayout } from './layout';
import { HomePage } from './routes/home';
import { NotFoundPage } from './routes/not-found';

/**
 * Every page of the SPA. The backend serves the shell for any non-API path, so each of
 * these works as a deep link and on reload. Everything but `/login` needs a session.
 */
export const routes: RouteObject[] = [
  { path: 'login', element: <LoginPage /> },
  {
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: 'clusters/:cluster/projects', element: <ProjectsPage /> },
      { path: 'clusters/:cluster/projects/:project/jobs', element: <JobListPage /> },
      { path: 'clusters/:cluster/projects/:project/jobs/new', element: <CreateJobPage /> },
      { path: 'clusters/:cluster/projects/:project/jobs/:job', element: <JobDetailPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
