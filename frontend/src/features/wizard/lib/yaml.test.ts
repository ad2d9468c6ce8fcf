import { insertArgs, splitPastedArgs } from './args';
import { clearDraft, loadDraft, saveDraft } from './draft';
import { emptyForm } from './form-model';
import { manifestToYaml, parseManifestYaml } from './yaml';

describe('YAML', () => {
  it('round-trips a manifest', () => {
    const manifest = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { backoffLimit: 4 } };
    const text = manifestToYaml(manifest);
    expect(text).toContain('name: pi');
    expect(parseManifestYaml(text)).toEqual({ ok: true, manifest });
  });

  it('reports a syntax error with its line', () => {
    const result = parseManifestYaml('kind: Job\nmetadata:\n  name: [unclosed\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses a document that is not an object, and anchor bombs', () => {
    expect(parseManifestYaml('- a\n- b\n')).toMatchObject({ ok: false });
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    expect(parseManifestYaml(bomb)).toMatchObject({ ok: false });
  });
});

describe('arguments', () => {
  it("splits KubeSphere's comma form", () => {
    expect(splitPastedArgs('perl,-Mbignum=bpi,-wle,print bpi(2000)')).toEqual(['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)']);
    expect(splitPastedArgs('echo hello')).toEqual(['echo hello']);
    expect(insertArgs(['a', '', 'z'], 1, ['b', 'c'])).toEqual(['a', 'b', 'c', 'z']);
  });
});

describe('draft', () => {
  it('is saved, loaded and cleared', () => {
    const draft = { base: { kind: 'Job' }, form: { ...emptyForm(), name: 'x' }, yaml: null, step: 'basic' as const, visited: 0 };
    saveDraft('k', draft);
    expect(loadDraft('k')).toEqual(draft);
    clearDraft('k');
    expect(loadDraft('k')).toBeUndefined();
  });
});
