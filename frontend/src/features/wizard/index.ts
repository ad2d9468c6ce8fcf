/** What this feature offers the rest of the app. */
export { CreateJobPage } from './components/create-job-page';
export { YamlEditor, type YamlEditorProps } from './components/yaml-editor';
