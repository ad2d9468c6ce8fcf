/** Which Job a detail page is about: the path parameters of its API URLs. */
export interface JobRef {
  cluster: string;
  project: string;
  job: string;
}

/** The query key prefix of everything about one Job (invalidated after each change). */
export function jobKey(ref: JobRef, ...rest: string[]): string[] {
  return ['job-detail', ref.cluster, ref.project, ref.job, ...rest];
}

/** How often the live parts of the page are read again. */
export const LIVE_INTERVAL_MS = 3000;
