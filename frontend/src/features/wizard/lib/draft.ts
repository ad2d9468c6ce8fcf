/**
 * The wizard's draft in `sessionStorage`, one per cluster and project, so a reload keeps
 * what the user typed; cleared once the Job is created.
 */
import type { JobForm, StepId } from './form-model';
import { isObj, type Obj } from './manifest';

export interface Draft {
  /** The manifest the form is written onto (keeps what the form does not model). */
  base: Obj;
  form: JobForm;
  /** The YAML text when the user was in YAML mode. */
  yaml: string | null;
  step: StepId;
  visited: number;
}

export function draftKey(cluster: string, project: string): string {
  return `jobconsole.wizard.draft:${cluster}/${project}`;
}

export function loadDraft(key: string, storage: Storage = window.sessionStorage): Draft | undefined {
  try {
    const raw = storage.getItem(key);
    if (raw === null) return undefined;
    const value: unknown = JSON.parse(raw);
    if (!isObj(value) || !isObj(value.base) || !isObj(value.form) || typeof value.step !== 'string') return undefined;
    return value as unknown as Draft;
  } catch {
    return undefined;
  }
}

export function saveDraft(key: string, draft: Draft, storage: Storage = window.sessionStorage): void {
  try {
    storage.setItem(key, JSON.stringify(draft));
  } catch {
    // storage full or disabled: the draft lasts for this page only
  }
}

export function clearDraft(key: string, storage: Storage = window.sessionStorage): void {
  try {
    storage.removeItem(key);
  } catch {
    // nothing to clear
  }
}
