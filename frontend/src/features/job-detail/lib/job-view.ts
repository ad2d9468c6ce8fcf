import type { components } from '@/api/schema';
import type { EnvVar } from './env';

export type JobStatus = components['schemas']['JobStatus'];

/** A container of the Job's pod template, as the Environment variables tab shows it. */
export interface TemplateContainer {
  name: string;
  init: boolean;
  env: EnvVar[];
}

/** What the detail page shows of a Job, read from the Job object `GET jobs/{job}` answers. */
export interface JobView {
  name: string;
  uid?: string;
  /** The spec's version, for a replace that must not undo someone else's change. */
  generation?: number;
  alias?: string;
  description?: string;
  status: JobStatus;
  /** Why it has this status (the condition's reason), e.g. `BackoffLimitExceeded`. */
  reason?: string;
  /** The deciding condition's message, e.g. `Job has reached the specified backoff limit`. */
  message?: string;
  completions?: number;
  parallelism: number;
  backoffLimit?: number;
  completionMode?: string;
  suspended: boolean;
  succeeded: number;
  failed: number;
  active: number;
  createdAt?: string;
  startTime?: string;
  /** When it completed, failed or was suspended (the deciding condition's time). */
  finishTime?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  containers: TemplateContainer[];
}

export const ALIAS_ANNOTATION = 'kubesphere.io/alias-name';
export const DESCRIPTION_ANNOTATION = 'kubesphere.io/description';

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}
function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
function strings(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(value)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

function conditions(status: Obj): Condition[] {
  return list(status.conditions).map((c) => {
    const o = obj(c);
    return {
      type: str(o.type),
      status: str(o.status),
      reason: str(o.reason),
      message: str(o.message),
      lastTransitionTime: str(o.lastTransitionTime),
    };
  });
}

function envVars(value: unknown): EnvVar[] {
  return list(value).flatMap((e) => {
    const o = obj(e);
    const name = str(o.name);
    if (!name) return [];
    const valueFrom = o.valueFrom === undefined ? undefined : obj(o.valueFrom);
    return [{ name, value: typeof o.value === 'string' ? o.value : undefined, valueFrom }];
  });
}

function containers(value: unknown, init: boolean): TemplateContainer[] {
  return list(value).map((c) => {
    const o = obj(c);
    return { name: str(o.name) ?? '', init, env: envVars(o.env) };
  });
}

/**
 * Derives the status as the backend does (SPEC.md §5): a true `Failed`, `Complete` or
 * `FailureTarget` condition decides first; then `spec.suspend`; then any start or count
 * means Running; a Job with no status yet is Pending, never Failed.
 */
export function deriveStatus(spec: Obj, status: Obj): { status: JobStatus; condition?: Condition } {
  const all = conditions(status);
  const found = (type: string) => all.find((c) => c.type === type && c.status === 'True');
  const failed = found('Failed');
  if (failed) return { status: 'Failed', condition: failed };
  const complete = found('Complete');
  if (complete) return { status: 'Completed', condition: complete };
  const failing = found('FailureTarget');
  if (failing) return { status: 'Failing', condition: failing };
  if (spec.suspend === true) return { status: 'Suspended', condition: found('Suspended') };
  const counted =
    str(status.startTime) !== undefined ||
    (int(status.active) ?? 0) > 0 ||
    (int(status.succeeded) ?? 0) > 0 ||
    (int(status.failed) ?? 0) > 0;
  return { status: counted ? 'Running' : 'Pending' };
}

/** Reads the detail page's view of a Job object (whatever is missing is left out). */
export function toJobView(job: unknown): JobView {
  const root = obj(job);
  const metadata = obj(root.metadata);
  const spec = obj(root.spec);
  const status = obj(root.status);
  const podSpec = obj(obj(spec.template).spec);
  const annotations = strings(metadata.annotations);
  const derived = deriveStatus(spec, status);
  const condition = derived.condition;
  const finishTime =
    derived.status === 'Completed'
      ? (str(status.completionTime) ?? condition?.lastTransitionTime)
      : derived.status === 'Failed' || derived.status === 'Suspended'
        ? condition?.lastTransitionTime
        : undefined;
  return {
    name: str(metadata.name) ?? '',
    uid: str(metadata.uid),
    generation: typeof metadata.generation === 'number' ? metadata.generation : undefined,
    alias: str(annotations[ALIAS_ANNOTATION]),
    description: str(annotations[DESCRIPTION_ANNOTATION]),
    status: derived.status,
    reason: condition?.reason,
    message: condition?.message,
    completions: int(spec.completions),
    parallelism: int(spec.parallelism) ?? 1,
    backoffLimit: int(spec.backoffLimit),
    completionMode: str(spec.completionMode),
    suspended: spec.suspend === true,
    succeeded: int(status.succeeded) ?? 0,
    failed: int(status.failed) ?? 0,
    active: int(status.active) ?? 0,
    createdAt: str(metadata.creationTimestamp),
    startTime: str(status.startTime),
    finishTime,
    labels: strings(metadata.labels),
    annotations,
    containers: [...containers(podSpec.initContainers, true), ...containers(podSpec.containers, false)],
  };
}

/** Whether the Job is still doing work (a rerun would stop its Pods). */
export function isActive(view: JobView): boolean {
  return view.status === 'Running' || view.status === 'Pending' || view.status === 'Failing';
}
