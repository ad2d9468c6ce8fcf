/** What the projects feature offers the rest of the app. */
export { ProjectsPage } from './components/projects-page';
export { ProjectPodQuota } from './components/project-pod-quota';
export { usePermissions, permissionsQueryOptions, type Permissions } from './api/get-permissions';
export { useProjects, type Project } from './api/get-projects';
