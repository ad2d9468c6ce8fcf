import { withGeneration } from './yaml-edit';

describe('withGeneration', () => {
  it('puts the version under metadata and keeps the rest', () => {
    const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi # the seeds\' Job\nspec:\n  completions: 4\n';
    const out = withGeneration(text, 42);
    expect(out).toContain('  generation: 42');
    expect(out).toContain("name: pi # the seeds' Job");
    expect(out).toContain('completions: 4');
  });

  it('leaves text it cannot read, or a missing version, alone', () => {
    expect(withGeneration('a: [', 1)).toBe('a: [');
    expect(withGeneration('kind: Job\n', undefined)).toBe('kind: Job\n');
  });
});
