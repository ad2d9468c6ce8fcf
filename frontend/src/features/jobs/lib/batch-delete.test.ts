import { summarizeDeletes } from './batch-delete';

describe('summarizeDeletes', () => {
  it('pairs each name with its outcome and the reason of a failure', () => {
    const summary = summarizeDeletes(
      ['a', 'b', 'c'],
      [
        { status: 'fulfilled', value: {} },
        { status: 'rejected', reason: new Error('jobs "b" is forbidden') },
        { status: 'rejected', reason: 'gone' },
      ],
    );
    expect(summary).toEqual({
      deleted: ['a'],
      failed: [
        { name: 'b', message: 'jobs "b" is forbidden' },
        { name: 'c', message: 'gone' },
      ],
    });
  });
});
