/** What this feature offers the rest of the app. */
export { CreateJobPage } from './components/create-job-page';
