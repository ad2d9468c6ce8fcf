import { emptyForm, type JobForm } from './form-model';
import { formToManifest, manifestToForm, type Obj } from './manifest';

function fullForm(): JobForm {
  return {
    ...emptyForm(),
    name: 'pi',
    alias: 'Pi',
    description: 'computes pi',
    completions: 4,
    parallelism: 2,
    backoffLimit: 5,
    activeDeadlineSeconds: 300,
    ttlSecondsAfterFinished: 600,
    completionMode: 'Indexed',
    restartPolicy: 'OnFailure',
    suspend: true,
    containers: [
      {
        name: 'main',
        image: 'perl:5.34.0',
        imagePullPolicy: 'Always',
        command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
        args: ['a,b'],
        env: [
          { name: 'PLAIN', source: 'value', value: '1' },
          { name: 'FROM_CM', source: 'configMap', refName: 'settings', refKey: 'mode' },
          { name: 'FROM_SECRET', source: 'secret', refName: 'creds', refKey: 'token' },
        ],
        ports: [{ name: 'http', protocol: 'TCP', containerPort: 8080 }],
        cpuRequest: '500m',
        cpuLimit: '1',
        memoryRequest: '256Mi',
        memoryLimit: '1Gi',
      },
      { name: 'side', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: [], args: [], env: [], ports: [] },
    ],
    volumes: [
      { name: 'scratch', type: 'emptyDir', mounts: [{ container: 'main', mountPath: '/tmp/s', readOnly: false }] },
      {
        name: 'data',
        type: 'persistentVolumeClaim',
        source: 'data-pvc',
        mounts: [
          { container: 'main', mountPath: '/data', readOnly: true },
          { container: 'side', mountPath: '/in', readOnly: false, subPath: 'x' },
        ],
      },
      { name: 'conf', type: 'configMap', source: 'settings', mounts: [] },
      { name: 'sec', type: 'secret', source: 'creds', mounts: [] },
    ],
    labels: [{ key: 'app', value: 'pi' }],
    podLabels: [{ key: 'app', value: 'pi' }, { key: 'tier', value: 'batch' }],
    annotations: [{ key: 'example.com/owner', value: 'team a' }],
    nodeSelector: [{ key: 'disktype', value: 'ssd' }],
  };
}

describe('formToManifest', () => {
  it('writes the fields where a Job keeps them', () => {
    const m = formToManifest(fullForm());
    expect(m).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'pi',
        labels: { app: 'pi' },
        annotations: { 'kubesphere.io/alias-name': 'Pi', 'kubesphere.io/description': 'computes pi', 'example.com/owner': 'team a' },
      },
      spec: { completions: 4, parallelism: 2, backoffLimit: 5, activeDeadlineSeconds: 300, ttlSecondsAfterFinished: 600, completionMode: 'Indexed', suspend: true },
    });
    const pod = (m.spec as Obj).template as Obj;
    expect(pod).toMatchObject({
      metadata: { labels: { app: 'pi', tier: 'batch' } },
      spec: {
        restartPolicy: 'OnFailure',
        nodeSelector: { disktype: 'ssd' },
        volumes: [
          { name: 'scratch', emptyDir: {} },
          { name: 'data', persistentVolumeClaim: { claimName: 'data-pvc' } },
          { name: 'conf', configMap: { name: 'settings' } },
          { name: 'sec', secret: { secretName: 'creds' } },
        ],
        containers: [
          {
            name: 'main',
            env: [
              { name: 'PLAIN', value: '1' },
              { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
              { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
            ],
            resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            volumeMounts: [
              { name: 'scratch', mountPath: '/tmp/s' },
              { name: 'data', mountPath: '/data', readOnly: true },
            ],
          },
          { name: 'side', volumeMounts: [{ name: 'data', mountPath: '/in', subPath: 'x' }] },
        ],
      },
    });
  });

  it('leaves out what is empty', () => {
    const m = formToManifest({ ...emptyForm(), name: 'a', backoffLimit: null });
    expect(m.spec).toEqual({ template: { spec: { containers: [expect.objectContaining({ image: '' })], restartPolicy: 'Never' } } });
    expect(m.metadata).toEqual({ name: 'a' });
  });
});

describe('form ⇄ manifest', () => {
  it('round-trips the form (env sources, volumes and mounts, node selector)', () => {
    const form = fullForm();
    expect(manifestToForm(formToManifest(form))).toEqual(form);
  });

  it('keeps what the form does not model untouched', () => {
    const base: Obj = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'old', namespace: 'demo-project' },
      spec: {
        podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
        template: {
          spec: {
            affinity: { nodeAffinity: {} },
            containers: [
              {
                name: 'main',
                image: 'busybox',
                livenessProbe: { exec: { command: ['true'] } },
                env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
                resources: { limits: { 'ephemeral-storage': '1Gi' } },
              },
            ],
            volumes: [{ name: 'conf', configMap: { name: 'settings', items: [{ key: 'a', path: 'a.txt' }] } }],
          },
        },
      },
    };
    const form = manifestToForm(base);
    expect(form.containers[0]?.env[0]).toMatchObject({ name: 'POD', source: 'other' });
    const edited = formToManifest({ ...form, name: 'new', completions: 3 }, base);
    const spec = edited.spec as Obj;
    expect(spec.podFailurePolicy).toEqual((base.spec as Obj).podFailurePolicy);
    expect(edited.metadata).toEqual({ name: 'new', namespace: 'demo-project' });
    const pod = (spec.template as Obj).spec as Obj;
    expect(pod.affinity).toEqual({ nodeAffinity: {} });
    expect(pod.volumes).toEqual([{ name: 'conf', configMap: { name: 'settings', items: [{ key: 'a', path: 'a.txt' }] } }]);
    expect(pod.containers).toEqual([
      {
        name: 'main',
        image: 'busybox',
        imagePullPolicy: 'IfNotPresent',
        livenessProbe: { exec: { command: ['true'] } },
        env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        resources: { limits: { 'ephemeral-storage': '1Gi' } },
      },
    ]);
  });

  it('keeps a mount of a volume written nowhere, but drops one whose volume the form removed', () => {
    const typed: Obj = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'm' },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            volumes: [{ name: 'cache', emptyDir: {} }],
            containers: [
              {
                name: 'main',
                image: 'busybox',
                volumeMounts: [
                  { name: 'cache', mountPath: '/cache' },
                  { name: 'data', mountPath: '/data' },
                ],
              },
            ],
          },
        },
      },
    };
    const form = manifestToForm(typed);
    const mountsOf = (m: Obj) =>
      ((m.spec as Obj).template as { spec: { containers: { volumeMounts?: { name: string }[] }[] } }).spec.containers[0]
        ?.volumeMounts?.map((v) => v.name);
    expect(mountsOf(formToManifest(form, typed))).toEqual(['cache', 'data']);
    const withoutCache: JobForm = { ...form, volumes: [] };
    expect(mountsOf(formToManifest(withoutCache, typed))).toEqual(['data']);
  });

  it("reads the seeds' pi Job", () => {
    const form = manifestToForm({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: {
        template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }], restartPolicy: 'Never' } },
        backoffLimit: 4,
      },
    });
    expect(form).toMatchObject({ name: 'pi', backoffLimit: 4, completions: null, restartPolicy: 'Never' });
    expect(form.containers[0]).toMatchObject({ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] });
  });
});
