import { JOB_STATUSES, completionProgress, statusLook } from './status';

describe('statusLook', () => {
  it('gives every status its own colour; Running pulses, Failed is an error', () => {
    expect(new Set(JOB_STATUSES.map((status) => statusLook(status).color)).size).toBe(JOB_STATUSES.length);
    expect(statusLook('Running').badge).toBe('processing');
    expect(statusLook('Failed').badge).toBe('error');
    expect(statusLook('Completed').badge).toBe('success');
    expect(statusLook('Pending').badge).not.toBe('error');
  });
});

describe('completionProgress', () => {
  it('is succeeded over completions', () => {
    expect(completionProgress({ succeeded: 2, completions: 4, status: 'Running' })).toEqual({
      succeeded: 2,
      desired: 4,
      percent: 50,
    });
  });

  it('has no desired count for a work-queue Job, full once it completes', () => {
    expect(completionProgress({ succeeded: 3, completions: null, status: 'Running' })).toEqual({
      succeeded: 3,
      desired: null,
      percent: 0,
    });
    expect(completionProgress({ succeeded: 3, completions: null, status: 'Completed' }).percent).toBe(100);
  });
});
