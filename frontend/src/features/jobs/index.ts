/** What this feature offers the rest of the app. */
export { JobListPage } from './components/job-list-page';
