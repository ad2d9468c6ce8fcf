import { withResourceVersion } from './yaml-edit';

describe('withResourceVersion', () => {
  it('puts the version under metadata and keeps the rest', () => {
    const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi # the seeds\' Job\nspec:\n  completions: 4\n';
    const out = withResourceVersion(text, '42');
    expect(out).toContain('  resourceVersion: "42"');
    expect(out).toContain("name: pi # the seeds' Job");
    expect(out).toContain('completions: 4');
  });

  it('leaves text it cannot read, or a missing version, alone', () => {
    expect(withResourceVersion('a: [', '1')).toBe('a: [');
    expect(withResourceVersion('kind: Job\n', undefined)).toBe('kind: Job\n');
  });
});
