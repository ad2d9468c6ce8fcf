/**
 * Maps a manifest field path from a 422 (`spec.template.spec.containers[0].resources.limits.cpu`,
 * `metadata.labels[app]`) to the wizard step and form field that edits it.
 */
import type { JobForm, KeyValue, StepId } from './form-model';
import { ALIAS_ANNOTATION, DESCRIPTION_ANNOTATION } from './manifest';
import type { FieldName } from './validation';

/** Where a server problem belongs: a step, and the field there when the form has one. */
export interface FieldLocation {
  step: StepId;
  name: FieldName | null;
}

type Token = string | number;

/** `a.b[0].c[some/key]` → `['a', 'b', 0, 'c', 'some/key']`. */
export function parseFieldPath(path: string): Token[] {
  const tokens: Token[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let match = re.exec(path); match !== null; match = re.exec(path)) {
    if (match[1] !== undefined) tokens.push(match[1]);
    else {
      const inner = (match[2] ?? '').replace(/^['"]|['"]$/g, '');
      tokens.push(/^\d+$/.test(inner) ? Number(inner) : inner);
    }
  }
  return tokens;
}

const SETTINGS = ['completions', 'parallelism', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'completionMode', 'suspend'];
const RESOURCE_FIELDS: Record<string, string> = {
  'requests.cpu': 'cpuRequest',
  'limits.cpu': 'cpuLimit',
  'requests.memory': 'memoryRequest',
  'limits.memory': 'memoryLimit',
};
const CONTAINER_FIELDS = ['name', 'image', 'imagePullPolicy', 'command', 'args'];
const VOLUME_SOURCES = ['persistentVolumeClaim', 'configMap', 'secret'];

function pair(step: StepId, list: keyof JobForm, pairs: KeyValue[], key: Token | undefined): FieldLocation {
  const index = pairs.findIndex((p) => p.key === key);
  return { step, name: index >= 0 ? [list, index, 'key'] : null };
}

function mountLocation(form: JobForm, container: number, mount: number, field: Token | undefined): FieldLocation {
  const name = form.containers[container]?.name;
  let seen = 0;
  for (const [vi, volume] of form.volumes.entries()) {
    for (const [mi, m] of volume.mounts.entries()) {
      if (m.container !== name) continue;
      if (seen === mount) {
        if (field === 'name') return { step: 'volumes', name: ['volumes', vi, 'name'] };
        return { step: 'volumes', name: ['volumes', vi, 'mounts', mi, field === 'readOnly' ? 'readOnly' : 'mountPath'] };
      }
      seen += 1;
    }
  }
  return { step: 'volumes', name: null };
}

function containerLocation(form: JobForm, rest: Token[]): FieldLocation {
  const [index, field, sub, leaf, ...more] = rest;
  if (typeof index !== 'number') return { step: 'containers', name: null };
  const at = (...names: Token[]): FieldLocation => ({ step: 'containers', name: ['containers', index, ...names] });
  if (typeof field === 'string' && CONTAINER_FIELDS.includes(field)) return at(field);
  if (field === 'resources') {
    const mapped = RESOURCE_FIELDS[`${String(sub)}.${String(leaf)}`];
    return mapped ? at(mapped) : { step: 'containers', name: null };
  }
  if (field === 'ports' && typeof sub === 'number') {
    return at('ports', sub, leaf === 'name' || leaf === 'protocol' ? leaf : 'containerPort');
  }
  if (field === 'env' && typeof sub === 'number') {
    if (leaf === 'valueFrom') return at('env', sub, more[1] === 'key' ? 'refKey' : 'refName');
    return at('env', sub, leaf === 'value' ? 'value' : 'name');
  }
  if (field === 'volumeMounts' && typeof sub === 'number') return mountLocation(form, index, sub, leaf);
  return { step: 'containers', name: null };
}

/** The step and field a server field path belongs to, or `undefined` when no step edits it. */
export function locateField(path: string, form: JobForm): FieldLocation | undefined {
  const tokens = parseFieldPath(path);
  const [first, second, third] = tokens;
  if (first === 'metadata') {
    if (second === 'name' || second === 'generateName') return { step: 'basic', name: ['name'] };
    if (second === 'labels') return pair('labels', 'labels', form.labels, third);
    if (second === 'annotations') {
      if (third === ALIAS_ANNOTATION) return { step: 'basic', name: ['alias'] };
      if (third === DESCRIPTION_ANNOTATION) return { step: 'basic', name: ['description'] };
      return pair('labels', 'annotations', form.annotations, third);
    }
    return undefined;
  }
  if (first !== 'spec') return undefined;
  if (typeof second === 'string' && SETTINGS.includes(second)) return { step: 'settings', name: [second] };
  if (second !== 'template') return undefined;
  const [, , area, field, ...rest] = tokens;
  if (area === 'metadata') {
    return field === 'labels' ? pair('labels', 'podLabels', form.podLabels, rest[0]) : { step: 'labels', name: null };
  }
  if (area !== 'spec') return undefined;
  if (field === 'restartPolicy') return { step: 'settings', name: ['restartPolicy'] };
  if (field === 'containers') return containerLocation(form, rest);
  if (field === 'nodeSelector') return pair('nodeSelector', 'nodeSelector', form.nodeSelector, rest[0]);
  if (field === 'volumes') {
    const [index, key] = rest;
    if (typeof index !== 'number') return { step: 'volumes', name: null };
    const isSource = typeof key === 'string' && VOLUME_SOURCES.includes(key);
    return { step: 'volumes', name: ['volumes', index, isSource ? 'source' : 'name'] };
  }
  return undefined;
}
