import { roleColor, toProjectRole } from './roles';

describe('toProjectRole', () => {
  it('keeps the roles the console ships and calls anything else custom', () => {
    expect(toProjectRole('admin')).toBe('admin');
    expect(toProjectRole('operator')).toBe('operator');
    expect(toProjectRole('viewer')).toBe('viewer');
    expect(toProjectRole('custom')).toBe('custom');
    expect(toProjectRole('something-else')).toBe('custom');
  });

  it('gives each role its own colour', () => {
    const colors = new Set(['admin', 'operator', 'viewer', 'custom'].map((role) => roleColor(toProjectRole(role))));
    expect(colors.size).toBe(4);
  });
});
