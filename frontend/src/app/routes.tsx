import type { RouteObject } from 'react-router';
import { AppLayout } from './layout';
import { HomePage } from './routes/home';
import { NotFoundPage } from './routes/not-found';
import { ProjectsPage } from './routes/projects';

/**
 * Every page of the SPA. The backend serves the shell for any non-API path, so each of
 * these works as a deep link and on reload.
 */
export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'clusters/:cluster/projects', element: <ProjectsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
