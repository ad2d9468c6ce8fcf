/**
 * The wizard's form model: what the steps edit. The manifest is the source of truth; the
 * form is a view of the parts of it the steps know (see `manifest.ts` for the mapping).
 * Empty inputs are `undefined` or `null` (antd's InputNumber clears to `null`).
 */

export type PullPolicy = 'IfNotPresent' | 'Always' | 'Never';
export type CompletionMode = 'NonIndexed' | 'Indexed';
export type RestartPolicy = 'Never' | 'OnFailure';
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** An environment variable: a literal value, a ConfigMap key, a Secret key, or another source kept as is. */
export interface EnvVarModel {
  name: string;
  source: 'value' | 'configMap' | 'secret' | 'other';
  value?: string;
  /** The ConfigMap's or Secret's name. */
  refName?: string;
  refKey?: string;
  /** `valueFrom` of a source the form does not model (e.g. `fieldRef`), kept untouched. */
  raw?: unknown;
}

export interface PortModel {
  name?: string;
  protocol: Protocol;
  containerPort?: number | null;
}

export interface ContainerModel {
  name: string;
  image: string;
  imagePullPolicy: PullPolicy;
  command: string[];
  args: string[];
  env: EnvVarModel[];
  ports: PortModel[];
  cpuRequest?: string;
  cpuLimit?: string;
  memoryRequest?: string;
  memoryLimit?: string;
}

export type VolumeType = 'emptyDir' | 'persistentVolumeClaim' | 'configMap' | 'secret' | 'other';

/** Where a volume is mounted: into which container, at which path. */
export interface MountModel {
  container: string;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
}

export interface VolumeModel {
  name: string;
  type: VolumeType;
  /** The claim, ConfigMap or Secret the volume refers to (unused for emptyDir). */
  source?: string;
  mounts: MountModel[];
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface JobForm {
  name: string;
  alias?: string;
  description?: string;
  completions?: number | null;
  parallelism?: number | null;
  backoffLimit?: number | null;
  activeDeadlineSeconds?: number | null;
  ttlSecondsAfterFinished?: number | null;
  completionMode: CompletionMode;
  restartPolicy: RestartPolicy;
  suspend: boolean;
  containers: ContainerModel[];
  volumes: VolumeModel[];
  /** Labels of the Job. */
  labels: KeyValue[];
  /** Labels of the Pod template. */
  podLabels: KeyValue[];
  /** Annotations of the Job (alias and description excluded). */
  annotations: KeyValue[];
  nodeSelector: KeyValue[];
}

/** The wizard's steps, in order. */
export const STEPS = ['basic', 'settings', 'containers', 'volumes', 'labels', 'nodeSelector'] as const;
export type StepId = (typeof STEPS)[number];

const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** A container name like KubeSphere's default: `container-` and six random lowercase letters. */
export function defaultContainerName(random: () => number = Math.random): string {
  let suffix = '';
  for (let i = 0; i < 6; i += 1) suffix += LOWER[Math.floor(random() * LOWER.length) % LOWER.length];
  return `container-${suffix}`;
}

export function emptyContainer(name: string = defaultContainerName()): ContainerModel {
  return {
    name,
    image: '',
    imagePullPolicy: 'IfNotPresent',
    command: [],
    args: [],
    env: [],
    ports: [],
  };
}

/** The form a new wizard starts with: backoffLimit 6, restart Never, one empty container. */
export function emptyForm(): JobForm {
  return {
    name: '',
    completionMode: 'NonIndexed',
    restartPolicy: 'Never',
    suspend: false,
    backoffLimit: 6,
    containers: [emptyContainer()],
    volumes: [],
    labels: [],
    podLabels: [],
    annotations: [],
    nodeSelector: [],
  };
}

/** Which of the three kinds of Job the settings make (seed 001). */
export type JobKind = 'nonParallel' | 'fixedCompletions' | 'workQueue';

export function jobKind(form: Pick<JobForm, 'completions' | 'parallelism'>): JobKind {
  const completions = form.completions ?? undefined;
  const parallelism = form.parallelism ?? undefined;
  if (completions === undefined && parallelism !== undefined && parallelism > 1) return 'workQueue';
  if (completions !== undefined && completions > 1) return 'fixedCompletions';
  return 'nonParallel';
}

/**
 * Keeps the default label `app: <name>` in step with the name, as KubeSphere does: adds it
 * when there are no labels yet and follows renames while it still names the old name.
 */
export function syncAppLabel(labels: KeyValue[], oldName: string, newName: string): KeyValue[] {
  if (newName === '') return labels.filter((l) => !(l.key === 'app' && l.value === oldName));
  if (labels.length === 0) return [{ key: 'app', value: newName }];
  return labels.map((l) => (l.key === 'app' && l.value === oldName ? { key: 'app', value: newName } : l));
}
