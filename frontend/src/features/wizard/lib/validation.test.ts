import { emptyForm, jobKind, syncAppLabel, type JobForm } from './form-model';
import {
  checkEnvName,
  checkLabelKey,
  checkLabelValue,
  checkMaxLength,
  checkName,
  checkPort,
  checkQuantity,
  checkRequestWithinLimit,
  parseQuantity,
  validateForm,
  validateStep,
} from './validation';

describe('field checks', () => {
  it('names are DNS-1123 labels starting with a letter, at most 63', () => {
    expect(checkName('pi-2')).toBeUndefined();
    expect(checkName('')).toEqual({ key: 'required' });
    expect(checkName('Pi')).toEqual({ key: 'dns1123' });
    expect(checkName('2pi')).toEqual({ key: 'dns1123' });
    expect(checkName('pi-')).toEqual({ key: 'dns1123' });
    expect(checkName('a'.repeat(63))).toBeUndefined();
    expect(checkName('a'.repeat(64))).toEqual({ key: 'tooLong', params: { max: 63 } });
  });

  it('alias ≤ 63 and description ≤ 512', () => {
    expect(checkMaxLength('圆周率', 63)).toBeUndefined();
    expect(checkMaxLength('x'.repeat(64), 63)).toEqual({ key: 'tooLong', params: { max: 63 } });
    expect(checkMaxLength('x'.repeat(513), 512)).toEqual({ key: 'tooLong', params: { max: 512 } });
  });

  it('quantities and request ≤ limit', () => {
    expect(parseQuantity('500m')).toBeCloseTo(0.5);
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(checkQuantity('500m')).toBeUndefined();
    expect(checkQuantity('')).toBeUndefined();
    expect(checkQuantity('1 GB')).toEqual({ key: 'quantity' });
    expect(checkQuantity('abc')).toEqual({ key: 'quantity' });
    expect(checkRequestWithinLimit('500m', '1')).toBeUndefined();
    expect(checkRequestWithinLimit('2', '1')).toEqual({ key: 'requestOverLimit' });
    expect(checkRequestWithinLimit('1Gi', '512Mi')).toEqual({ key: 'requestOverLimit' });
    expect(checkRequestWithinLimit('1Gi', undefined)).toBeUndefined();
  });

  it('ports are 1–65535', () => {
    expect(checkPort(80)).toBeUndefined();
    expect(checkPort(0)).toEqual({ key: 'port' });
    expect(checkPort(65536)).toEqual({ key: 'port' });
    expect(checkPort(null)).toEqual({ key: 'required' });
  });

  it('env names and label syntax', () => {
    expect(checkEnvName('MY_VAR.1')).toBeUndefined();
    expect(checkEnvName('1VAR')).toEqual({ key: 'envName' });
    expect(checkEnvName('A=B')).toEqual({ key: 'envName' });
    expect(checkLabelKey('app')).toBeUndefined();
    expect(checkLabelKey('kubesphere.io/alias-name')).toBeUndefined();
    expect(checkLabelKey('bad key')).toEqual({ key: 'labelKey' });
    expect(checkLabelKey('Bad_Prefix/x')).toEqual({ key: 'labelKey' });
    expect(checkLabelValue('')).toBeUndefined();
    expect(checkLabelValue('v1.2')).toBeUndefined();
    expect(checkLabelValue('-x')).toEqual({ key: 'labelValue' });
  });
});

describe('validateForm', () => {
  const valid = (): JobForm => ({
    ...emptyForm(),
    name: 'job',
    containers: [{ name: 'main', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: [], args: [], env: [], ports: [] }],
  });

  it('passes a valid form', () => {
    expect(validateForm(valid())).toEqual([]);
  });

  it('says Indexed needs completions', () => {
    expect(validateStep({ ...valid(), completionMode: 'Indexed' }, 'settings')).toEqual([
      { step: 'settings', name: ['completions'], issue: { key: 'indexedNeedsCompletions' } },
    ]);
  });

  it('checks containers: image, quantities, ports, env, duplicate names', () => {
    const form = valid();
    form.containers.push({
      name: 'main',
      image: '',
      imagePullPolicy: 'IfNotPresent',
      command: [],
      args: [],
      env: [{ name: '9x', source: 'secret' }],
      ports: [{ protocol: 'TCP', containerPort: 70000 }],
      cpuRequest: '2',
      cpuLimit: '1',
    });
    const names = validateStep(form, 'containers').map((p) => p.name.join('.'));
    expect(names).toEqual([
      'containers.1.name',
      'containers.1.image',
      'containers.1.cpuRequest',
      'containers.1.ports.0.containerPort',
      'containers.1.env.0.name',
      'containers.1.env.0.refName',
      'containers.1.env.0.refKey',
    ]);
  });

  it('checks that mounts refer to defined containers and paths are absolute', () => {
    const form = valid();
    form.volumes = [{ name: 'v', type: 'persistentVolumeClaim', mounts: [{ container: 'gone', mountPath: 'data', readOnly: false }] }];
    expect(validateStep(form, 'volumes')).toEqual([
      { step: 'volumes', name: ['volumes', 0, 'source'], issue: { key: 'required' } },
      { step: 'volumes', name: ['volumes', 0, 'mounts', 0, 'container'], issue: { key: 'unknownContainer' } },
      { step: 'volumes', name: ['volumes', 0, 'mounts', 0, 'mountPath'], issue: { key: 'absolutePath' } },
    ]);
  });

  it('orders problems by step, the name first', () => {
    const form = { ...valid(), name: '', labels: [{ key: 'bad key', value: 'x' }] };
    expect(validateForm(form).map((p) => p.step)).toEqual(['basic', 'labels']);
  });
});

describe('form model helpers', () => {
  it('tells the kind of Job from completions and parallelism', () => {
    expect(jobKind({ completions: null, parallelism: null })).toBe('nonParallel');
    expect(jobKind({ completions: 4, parallelism: 2 })).toBe('fixedCompletions');
    expect(jobKind({ completions: null, parallelism: 3 })).toBe('workQueue');
  });

  it('keeps the default app label in step with the name', () => {
    expect(syncAppLabel([], '', 'a')).toEqual([{ key: 'app', value: 'a' }]);
    expect(syncAppLabel([{ key: 'app', value: 'a' }, { key: 'x', value: 'y' }], 'a', 'ab')).toEqual([
      { key: 'app', value: 'ab' },
      { key: 'x', value: 'y' },
    ]);
    expect(syncAppLabel([{ key: 'app', value: 'custom' }], 'a', 'ab')).toEqual([{ key: 'app', value: 'custom' }]);
  });
});
