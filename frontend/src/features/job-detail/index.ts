/** What this feature offers the rest of the app. */
export { JobDetailPage } from './components/job-detail-page';
