/**
 * The wizard's checks, as pure functions: one per kind of value (used live by the form's
 * rules) and `validateForm`, every problem of the whole form with its step and field (used
 * before creating). They mirror the backend's checks (docs/api.md, "Create, validate").
 */
import type { ContainerModel, JobForm, KeyValue, StepId } from './form-model';

/** Keys under `wizard.validation` in the locale files. */
export type ValidationKey =
  | 'required'
  | 'dns1123'
  | 'tooLong'
  | 'quantity'
  | 'requestOverLimit'
  | 'port'
  | 'envName'
  | 'labelKey'
  | 'labelValue'
  | 'indexedNeedsCompletions'
  | 'nonNegative'
  | 'duplicate'
  | 'absolutePath'
  | 'unknownContainer';

export interface Issue {
  key: ValidationKey;
  params?: Record<string, number | string>;
}

/** An antd-style field path, e.g. `['containers', 0, 'image']`. */
export type FieldName = (string | number)[];

/** A problem at one field of one step: from a check (`issue`) or from the server (`text`). */
export interface Problem {
  step: StepId;
  name: FieldName;
  issue?: Issue;
  text?: string;
}

const DNS1123_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const QUANTITY = /^\+?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][-+]?\d+)?$/;

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity (`500m`, `1Gi`, `1e3`) as a number, or `undefined` when malformed. */
export function parseQuantity(text: string): number | undefined {
  const trimmed = text.trim();
  const match = QUANTITY.exec(trimmed);
  if (!match) return undefined;
  const suffix = match[3] ?? '';
  const number = Number(trimmed.slice(0, trimmed.length - suffix.length));
  if (suffix === '') return number;
  if (/^[eE]/.test(suffix)) return Number(trimmed);
  return number * (SUFFIX[suffix] ?? 1);
}

const blank = (value: string | undefined | null) => value === undefined || value === null || value.trim() === '';

/** A Job, container or volume name: a DNS-1123 label starting with a letter, ≤ 63. */
export function checkName(value: string | undefined): Issue | undefined {
  if (blank(value)) return { key: 'required' };
  const name = value ?? '';
  if (name.length > 63) return { key: 'tooLong', params: { max: 63 } };
  if (!DNS1123_LABEL.test(name)) return { key: 'dns1123' };
  return undefined;
}

export function checkMaxLength(value: string | undefined, max: number): Issue | undefined {
  return (value ?? '').length > max ? { key: 'tooLong', params: { max } } : undefined;
}

export function checkRequired(value: string | undefined | null): Issue | undefined {
  return blank(value) ? { key: 'required' } : undefined;
}

/** An optional quantity (`500m`, `1Gi`). */
export function checkQuantity(value: string | undefined): Issue | undefined {
  if (blank(value)) return undefined;
  return parseQuantity(value ?? '') === undefined ? { key: 'quantity' } : undefined;
}

/** A request must not exceed its limit (both given and well-formed). */
export function checkRequestWithinLimit(request: string | undefined, limit: string | undefined): Issue | undefined {
  if (blank(request) || blank(limit)) return undefined;
  const r = parseQuantity(request ?? '');
  const l = parseQuantity(limit ?? '');
  if (r === undefined || l === undefined) return undefined;
  return r > l ? { key: 'requestOverLimit' } : undefined;
}

export function checkPort(value: number | null | undefined): Issue | undefined {
  if (value === undefined || value === null) return { key: 'required' };
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? undefined : { key: 'port' };
}

export function checkEnvName(value: string | undefined): Issue | undefined {
  if (blank(value)) return { key: 'required' };
  return ENV_NAME.test(value ?? '') ? undefined : { key: 'envName' };
}

/** A label or annotation key: `[prefix/]name`, prefix a DNS subdomain ≤ 253, name ≤ 63. */
export function checkLabelKey(value: string | undefined): Issue | undefined {
  if (blank(value)) return { key: 'required' };
  const key = value ?? '';
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
  return prefixOk && name.length <= 63 && QUALIFIED_NAME.test(name) ? undefined : { key: 'labelKey' };
}

export function checkLabelValue(value: string | undefined): Issue | undefined {
  const text = value ?? '';
  if (text === '') return undefined;
  return text.length <= 63 && QUALIFIED_NAME.test(text) ? undefined : { key: 'labelValue' };
}

export function checkNonNegative(value: number | null | undefined): Issue | undefined {
  if (value === undefined || value === null) return undefined;
  return Number.isInteger(value) && value >= 0 ? undefined : { key: 'nonNegative' };
}

export function checkIndexed(form: Pick<JobForm, 'completionMode' | 'completions'>): Issue | undefined {
  return form.completionMode === 'Indexed' && (form.completions ?? undefined) === undefined
    ? { key: 'indexedNeedsCompletions' }
    : undefined;
}

export function checkMountPath(value: string | undefined): Issue | undefined {
  if (blank(value)) return { key: 'required' };
  return (value ?? '').startsWith('/') ? undefined : { key: 'absolutePath' };
}

function push(problems: Problem[], step: StepId, name: FieldName, issue: Issue | undefined) {
  if (issue) problems.push({ step, name, issue });
}

function duplicates(names: string[], index: number): boolean {
  const name = names[index] ?? '';
  return name !== '' && names.indexOf(name) !== index;
}

function checkPairs(problems: Problem[], step: StepId, field: string, pairs: KeyValue[], labels: boolean) {
  const keys = pairs.map((p) => p.key);
  pairs.forEach((pair, i) => {
    const issue = checkLabelKey(pair.key) ?? (duplicates(keys, i) ? { key: 'duplicate' as const } : undefined);
    push(problems, step, [field, i, 'key'], issue);
    if (labels) push(problems, step, [field, i, 'value'], checkLabelValue(pair.value));
  });
}

function checkContainer(problems: Problem[], c: ContainerModel, i: number, names: string[]) {
  const at = (...rest: FieldName): FieldName => ['containers', i, ...rest];
  push(problems, 'containers', at('name'), checkName(c.name) ?? (duplicates(names, i) ? { key: 'duplicate' } : undefined));
  push(problems, 'containers', at('image'), checkRequired(c.image));
  push(problems, 'containers', at('cpuRequest'), checkQuantity(c.cpuRequest) ?? checkRequestWithinLimit(c.cpuRequest, c.cpuLimit));
  push(problems, 'containers', at('cpuLimit'), checkQuantity(c.cpuLimit));
  push(problems, 'containers', at('memoryRequest'), checkQuantity(c.memoryRequest) ?? checkRequestWithinLimit(c.memoryRequest, c.memoryLimit));
  push(problems, 'containers', at('memoryLimit'), checkQuantity(c.memoryLimit));
  c.ports.forEach((p, j) => push(problems, 'containers', at('ports', j, 'containerPort'), checkPort(p.containerPort)));
  c.env.forEach((e, j) => {
    push(problems, 'containers', at('env', j, 'name'), checkEnvName(e.name));
    if (e.source === 'configMap' || e.source === 'secret') {
      push(problems, 'containers', at('env', j, 'refName'), checkRequired(e.refName));
      push(problems, 'containers', at('env', j, 'refKey'), checkRequired(e.refKey));
    }
  });
}

/** Every problem of the form, in step order. */
export function validateForm(form: JobForm): Problem[] {
  const problems: Problem[] = [];
  push(problems, 'basic', ['name'], checkName(form.name));
  push(problems, 'basic', ['alias'], checkMaxLength(form.alias, 63));
  push(problems, 'basic', ['description'], checkMaxLength(form.description, 512));

  for (const field of ['completions', 'parallelism', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'] as const) {
    push(problems, 'settings', [field], checkNonNegative(form[field]));
  }
  push(problems, 'settings', ['completions'], checkIndexed(form));

  const containerNames = form.containers.map((c) => c.name);
  form.containers.forEach((c, i) => checkContainer(problems, c, i, containerNames));

  const volumeNames = form.volumes.map((v) => v.name);
  form.volumes.forEach((v, i) => {
    push(problems, 'volumes', ['volumes', i, 'name'], checkName(v.name) ?? (duplicates(volumeNames, i) ? { key: 'duplicate' } : undefined));
    if (v.type !== 'emptyDir' && v.type !== 'other') push(problems, 'volumes', ['volumes', i, 'source'], checkRequired(v.source));
    v.mounts.forEach((m, j) => {
      const known = containerNames.includes(m.container) ? undefined : { key: 'unknownContainer' as const };
      push(problems, 'volumes', ['volumes', i, 'mounts', j, 'container'], known);
      push(problems, 'volumes', ['volumes', i, 'mounts', j, 'mountPath'], checkMountPath(m.mountPath));
    });
  });

  checkPairs(problems, 'labels', 'labels', form.labels, true);
  checkPairs(problems, 'labels', 'podLabels', form.podLabels, true);
  checkPairs(problems, 'labels', 'annotations', form.annotations, false);
  checkPairs(problems, 'nodeSelector', 'nodeSelector', form.nodeSelector, true);
  return problems;
}

/** The problems of one step. */
export function validateStep(form: JobForm, step: StepId): Problem[] {
  return validateForm(form).filter((p) => p.step === step);
}
