/**
 * The translations, one file per feature and language under `locales/<language>/`, merged
 * into the one `translation` namespace under the feature's key (`auth.title`,
 * `jobs.columns.status`, …). `en.json` / `zh-CN.json` hold the app-wide strings.
 */
import en from './en.json';
import enAuth from './locales/en/auth.json';
import enJobDetail from './locales/en/jobDetail.json';
import enJobs from './locales/en/jobs.json';
import enWizard from './locales/en/wizard.json';
import zhCN from './zh-CN.json';
import zhAuth from './locales/zh-CN/auth.json';
import zhJobDetail from './locales/zh-CN/jobDetail.json';
import zhJobs from './locales/zh-CN/jobs.json';
import zhWizard from './locales/zh-CN/wizard.json';

export const enTranslation = {
  ...en,
  auth: enAuth,
  jobs: enJobs,
  jobDetail: enJobDetail,
  wizard: enWizard,
};

export const zhCNTranslation = {
  ...zhCN,
  auth: zhAuth,
  jobs: zhJobs,
  jobDetail: zhJobDetail,
  wizard: zhWizard,
};
