/**
 * The form model ⇄ Job manifest mapping. `formToManifest(form, base)` writes the form onto
 * a copy of `base`, so whatever the form does not model (`podFailurePolicy`, `affinity`,
 * probes, a volume's `items`, …) stays in the manifest untouched; `manifestToForm` reads
 * the form back out of any manifest.
 */
import {
  emptyForm,
  type ContainerModel,
  type EnvVarModel,
  type JobForm,
  type KeyValue,
  type PortModel,
  type VolumeModel,
  type VolumeType,
} from './form-model';

export type Obj = Record<string, unknown>;

export const ALIAS_ANNOTATION = 'kubesphere.io/alias-name';
export const DESCRIPTION_ANNOTATION = 'kubesphere.io/description';

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown): Obj {
  return isObj(value) ? value : {};
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Sets `key` to `value`, or removes it when the value is empty. */
function put(target: Obj, key: string, value: unknown): void {
  const empty =
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (isObj(value) && Object.keys(value).length === 0);
  if (empty) delete target[key];
  else target[key] = value;
}

function toMap(pairs: KeyValue[]): Obj {
  const map: Obj = {};
  for (const { key, value } of pairs) if (key) map[key] = value ?? '';
  return map;
}

function toPairs(map: unknown, skip: string[] = []): KeyValue[] {
  return Object.entries(obj(map))
    .filter(([key]) => !skip.includes(key))
    .map(([key, value]) => ({ key, value: typeof value === 'string' ? value : String(value) }));
}

/** A bare Job manifest to start from. */
export function baseManifest(): Obj {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: {}, spec: { template: { spec: {} } } };
}

function envToManifest(env: EnvVarModel, base: Obj | undefined): Obj {
  const out: Obj = { name: env.name };
  switch (env.source) {
    case 'value':
      out.value = env.value ?? '';
      break;
    case 'configMap':
    case 'secret': {
      const kind = env.source === 'configMap' ? 'configMapKeyRef' : 'secretKeyRef';
      const previous = obj(obj(base?.valueFrom)[kind]);
      out.valueFrom = { [kind]: { ...previous, name: env.refName ?? '', key: env.refKey ?? '' } };
      break;
    }
    case 'other':
      if (env.raw !== undefined) out.valueFrom = clone(env.raw);
      break;
  }
  return out;
}

function envFromManifest(value: unknown): EnvVarModel {
  const env = obj(value);
  const name = str(env.name) ?? '';
  const from = env.valueFrom;
  if (!isObj(from)) return { name, source: 'value', value: str(env.value) ?? '' };
  if (isObj(from.configMapKeyRef)) {
    const ref = from.configMapKeyRef;
    return { name, source: 'configMap', refName: str(ref.name) ?? '', refKey: str(ref.key) ?? '' };
  }
  if (isObj(from.secretKeyRef)) {
    const ref = from.secretKeyRef;
    return { name, source: 'secret', refName: str(ref.name) ?? '', refKey: str(ref.key) ?? '' };
  }
  return { name, source: 'other', raw: clone(from) };
}

function resources(base: unknown, c: ContainerModel): Obj {
  const out = clone(obj(base));
  const requests = { ...obj(out.requests) };
  const limits = { ...obj(out.limits) };
  put(requests, 'cpu', c.cpuRequest?.trim());
  put(requests, 'memory', c.memoryRequest?.trim());
  put(limits, 'cpu', c.cpuLimit?.trim());
  put(limits, 'memory', c.memoryLimit?.trim());
  put(out, 'requests', requests);
  put(out, 'limits', limits);
  return out;
}

function portToManifest(port: PortModel, base: unknown): Obj {
  const out: Obj = { ...obj(base) };
  put(out, 'name', port.name);
  out.containerPort = port.containerPort ?? undefined;
  out.protocol = port.protocol;
  return out;
}

/**
 * The container's mounts from the form's volumes, then the base manifest's mounts of
 * volumes it never defined: the form cannot show those, but they are what the user wrote
 * (in YAML), so they are kept for the server to name as invalid rather than lost. (A mount
 * of a volume the user removed in the form goes with the volume.)
 */
function mountsOf(form: JobForm, container: string, base: unknown[], baseVolumeNames: Set<string>): Obj[] {
  const mounts: Obj[] = [];
  for (const volume of form.volumes) {
    for (const mount of volume.mounts) {
      if (mount.container !== container) continue;
      const previous = base.find(
        (m) => isObj(m) && m.name === volume.name && m.mountPath === mount.mountPath,
      );
      const out: Obj = { ...obj(previous), name: volume.name, mountPath: mount.mountPath };
      put(out, 'readOnly', mount.readOnly ? true : undefined);
      put(out, 'subPath', mount.subPath);
      mounts.push(out);
    }
  }
  const formVolumes = new Set(form.volumes.map((v) => v.name));
  for (const mount of base) {
    const name = isObj(mount) ? str(mount.name) : undefined;
    if (name !== undefined && !formVolumes.has(name) && !baseVolumeNames.has(name)) mounts.push({ ...obj(mount) });
  }
  return mounts;
}

function containerToManifest(c: ContainerModel, base: unknown, form: JobForm, baseVolumeNames: Set<string>): Obj {
  const previous = obj(base);
  const out = clone(previous);
  out.name = c.name;
  out.image = c.image;
  put(out, 'imagePullPolicy', c.imagePullPolicy);
  put(out, 'command', c.command.length ? [...c.command] : undefined);
  put(out, 'args', c.args.length ? [...c.args] : undefined);
  const baseEnv = arr(previous.env);
  put(
    out,
    'env',
    c.env.map((e) => envToManifest(e, obj(baseEnv.find((b) => isObj(b) && b.name === e.name)))),
  );
  const basePorts = arr(previous.ports);
  put(out, 'ports', c.ports.map((p, i) => portToManifest(p, basePorts[i])));
  put(out, 'resources', resources(previous.resources, c));
  put(out, 'volumeMounts', mountsOf(form, c.name, arr(previous.volumeMounts), baseVolumeNames));
  return out;
}

const VOLUME_KEYS: Record<Exclude<VolumeType, 'other'>, [string, string]> = {
  emptyDir: ['emptyDir', ''],
  persistentVolumeClaim: ['persistentVolumeClaim', 'claimName'],
  configMap: ['configMap', 'name'],
  secret: ['secret', 'secretName'],
};

function volumeToManifest(v: VolumeModel, base: unknown): Obj {
  const previous = obj(base);
  if (v.type === 'other') return { ...clone(previous), name: v.name };
  const [key, ref] = VOLUME_KEYS[v.type];
  const source: Obj = { ...obj(previous[key]) };
  if (ref) source[ref] = v.source ?? '';
  return { name: v.name, [key]: source };
}

function volumeFromManifest(value: unknown): Omit<VolumeModel, 'mounts'> {
  const v = obj(value);
  const name = str(v.name) ?? '';
  for (const [type, [key, ref]] of Object.entries(VOLUME_KEYS)) {
    if (isObj(v[key])) {
      const source = ref ? str(v[key][ref]) : undefined;
      return { name, type: type as VolumeType, ...(source === undefined ? {} : { source }) };
    }
  }
  return { name, type: 'other' };
}

/** Writes the form onto a copy of `base` (default: a bare Job) and returns the manifest. */
export function formToManifest(form: JobForm, base: Obj = baseManifest()): Obj {
  const m = clone(base);
  m.apiVersion = str(m.apiVersion) ?? 'batch/v1';
  m.kind = str(m.kind) ?? 'Job';

  const metadata = obj(m.metadata);
  metadata.name = form.name;
  const annotations: Obj = toMap(form.annotations);
  put(annotations, ALIAS_ANNOTATION, form.alias?.trim());
  put(annotations, DESCRIPTION_ANNOTATION, form.description);
  put(metadata, 'labels', toMap(form.labels));
  put(metadata, 'annotations', annotations);
  m.metadata = metadata;

  const spec = obj(m.spec);
  put(spec, 'completions', form.completions);
  put(spec, 'parallelism', form.parallelism);
  put(spec, 'backoffLimit', form.backoffLimit);
  put(spec, 'activeDeadlineSeconds', form.activeDeadlineSeconds);
  put(spec, 'ttlSecondsAfterFinished', form.ttlSecondsAfterFinished);
  put(spec, 'completionMode', form.completionMode === 'Indexed' ? 'Indexed' : spec.completionMode && 'NonIndexed');
  put(spec, 'suspend', form.suspend ? true : undefined);

  const template = obj(spec.template);
  const templateMeta = obj(template.metadata);
  put(templateMeta, 'labels', toMap(form.podLabels));
  put(template, 'metadata', templateMeta);
  const pod = obj(template.spec);
  const baseContainers = arr(pod.containers);
  const baseVolumes = arr(pod.volumes);
  const baseVolumeNames = new Set(baseVolumes.flatMap((v) => (isObj(v) && typeof v.name === 'string' ? [v.name] : [])));
  pod.containers = form.containers.map((c, i) =>
    containerToManifest(
      c,
      baseContainers.find((b) => isObj(b) && b.name === c.name) ?? baseContainers[i],
      form,
      baseVolumeNames,
    ),
  );
  put(
    pod,
    'volumes',
    form.volumes.map((v) => volumeToManifest(v, baseVolumes.find((b) => isObj(b) && b.name === v.name))),
  );
  pod.restartPolicy = form.restartPolicy;
  put(pod, 'nodeSelector', toMap(form.nodeSelector));
  template.spec = pod;
  spec.template = template;
  m.spec = spec;
  return m;
}

function containerFromManifest(value: unknown): ContainerModel {
  const c = obj(value);
  const res = obj(c.resources);
  const requests = obj(res.requests);
  const limits = obj(res.limits);
  const quantity = (q: unknown) => (typeof q === 'number' ? String(q) : str(q));
  const policy = str(c.imagePullPolicy);
  return {
    name: str(c.name) ?? '',
    image: str(c.image) ?? '',
    imagePullPolicy: policy === 'Always' || policy === 'Never' ? policy : 'IfNotPresent',
    command: arr(c.command).map(String),
    args: arr(c.args).map(String),
    env: arr(c.env).map(envFromManifest),
    ports: arr(c.ports).map((p) => {
      const port = obj(p);
      const protocol = str(port.protocol);
      return {
        ...(str(port.name) ? { name: str(port.name) } : {}),
        protocol: protocol === 'UDP' || protocol === 'SCTP' ? protocol : 'TCP',
        containerPort: num(port.containerPort) ?? null,
      };
    }),
    ...optional('cpuRequest', quantity(requests.cpu)),
    ...optional('cpuLimit', quantity(limits.cpu)),
    ...optional('memoryRequest', quantity(requests.memory)),
    ...optional('memoryLimit', quantity(limits.memory)),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Reads the form model out of a manifest (anything the form does not model is ignored). */
export function manifestToForm(manifest: Obj): JobForm {
  const defaults = emptyForm();
  const metadata = obj(manifest.metadata);
  const annotations = obj(metadata.annotations);
  const spec = obj(manifest.spec);
  const template = obj(spec.template);
  const pod = obj(template.spec);
  const containers = arr(pod.containers);

  const volumes: VolumeModel[] = arr(pod.volumes).map((v) => ({ ...volumeFromManifest(v), mounts: [] }));
  for (const c of containers) {
    const container = obj(c);
    for (const m of arr(container.volumeMounts)) {
      const mount = obj(m);
      const volume = volumes.find((v) => v.name === mount.name);
      if (!volume) continue;
      volume.mounts.push({
        container: str(container.name) ?? '',
        mountPath: str(mount.mountPath) ?? '',
        readOnly: mount.readOnly === true,
        ...optional('subPath', str(mount.subPath)),
      });
    }
  }

  const restart = str(pod.restartPolicy);
  const numberOrNull = (value: unknown) => num(value) ?? null;
  return {
    name: str(metadata.name) ?? '',
    ...optional('alias', str(annotations[ALIAS_ANNOTATION])),
    ...optional('description', str(annotations[DESCRIPTION_ANNOTATION])),
    completions: numberOrNull(spec.completions),
    parallelism: numberOrNull(spec.parallelism),
    backoffLimit: numberOrNull(spec.backoffLimit),
    activeDeadlineSeconds: numberOrNull(spec.activeDeadlineSeconds),
    ttlSecondsAfterFinished: numberOrNull(spec.ttlSecondsAfterFinished),
    completionMode: spec.completionMode === 'Indexed' ? 'Indexed' : 'NonIndexed',
    restartPolicy: restart === 'OnFailure' ? 'OnFailure' : defaults.restartPolicy,
    suspend: spec.suspend === true,
    containers: containers.map(containerFromManifest),
    volumes,
    labels: toPairs(metadata.labels),
    podLabels: toPairs(obj(template.metadata).labels),
    annotations: toPairs(annotations, [ALIAS_ANNOTATION, DESCRIPTION_ANNOTATION]),
    nodeSelector: toPairs(pod.nodeSelector),
  };
}
