import { emptyForm, type JobForm } from './form-model';
import { locateField, parseFieldPath } from './field-paths';

const form: JobForm = {
  ...emptyForm(),
  name: 'x',
  containers: [
    { name: 'a', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: [], args: [], env: [], ports: [] },
    { name: 'b', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: [], args: [], env: [{ name: 'E', source: 'configMap' }], ports: [] },
  ],
  volumes: [
    { name: 'v1', type: 'emptyDir', mounts: [{ container: 'b', mountPath: '/one', readOnly: false }] },
    { name: 'v2', type: 'persistentVolumeClaim', source: 'c', mounts: [{ container: 'a', mountPath: '/a', readOnly: false }, { container: 'b', mountPath: '/two', readOnly: false }] },
  ],
  labels: [{ key: 'app', value: 'x' }, { key: 'tier', value: '' }],
  nodeSelector: [{ key: 'disk', value: 'ssd' }],
};

describe('parseFieldPath', () => {
  it('splits dots, indexes and subscripted keys', () => {
    expect(parseFieldPath("spec.template.spec.containers[0].resources.limits.cpu")).toEqual(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu']);
    expect(parseFieldPath('metadata.annotations[kubesphere.io/alias-name]')).toEqual(['metadata', 'annotations', 'kubesphere.io/alias-name']);
    expect(parseFieldPath("metadata.labels['app']")).toEqual(['metadata', 'labels', 'app']);
  });
});

describe('locateField', () => {
  it.each([
    ['metadata.name', 'basic', ['name']],
    ['metadata.annotations[kubesphere.io/alias-name]', 'basic', ['alias']],
    ['metadata.annotations[kubesphere.io/description]', 'basic', ['description']],
    ['spec.completions', 'settings', ['completions']],
    ['spec.template.spec.restartPolicy', 'settings', ['restartPolicy']],
    ['spec.template.spec.containers[0].image', 'containers', ['containers', 0, 'image']],
    ['spec.template.spec.containers[0].resources.limits.cpu', 'containers', ['containers', 0, 'cpuLimit']],
    ['spec.template.spec.containers[1].resources.requests.memory', 'containers', ['containers', 1, 'memoryRequest']],
    ['spec.template.spec.containers[0].ports[2].containerPort', 'containers', ['containers', 0, 'ports', 2, 'containerPort']],
    ['spec.template.spec.containers[1].env[0].valueFrom.configMapKeyRef.key', 'containers', ['containers', 1, 'env', 0, 'refKey']],
    ['spec.template.spec.containers[1].env[0].name', 'containers', ['containers', 1, 'env', 0, 'name']],
    ['spec.template.spec.containers[1].volumeMounts[1].mountPath', 'volumes', ['volumes', 1, 'mounts', 1, 'mountPath']],
    ['spec.template.spec.containers[1].volumeMounts[0].name', 'volumes', ['volumes', 0, 'name']],
    ['spec.template.spec.volumes[1].persistentVolumeClaim.claimName', 'volumes', ['volumes', 1, 'source']],
    ['metadata.labels[tier]', 'labels', ['labels', 1, 'key']],
    ['spec.template.spec.nodeSelector[disk]', 'nodeSelector', ['nodeSelector', 0, 'key']],
  ])('%s → %s %j', (path, step, name) => {
    expect(locateField(path, form)).toEqual({ step, name });
  });

  it('knows the step but no field for what the form does not show', () => {
    expect(locateField('spec.template.spec.containers[0].livenessProbe.exec', form)).toEqual({ step: 'containers', name: null });
    expect(locateField('metadata.labels[gone]', form)).toEqual({ step: 'labels', name: null });
  });

  it('places nothing for fields no step edits', () => {
    expect(locateField('spec.podFailurePolicy.rules[0]', form)).toBeUndefined();
    expect(locateField('metadata.namespace', form)).toBeUndefined();
  });
});
