import { describeEnv } from './env';
import { formatDuration, secondsBetween } from './duration';
import { deriveStatus, toJobView } from './job-view';
import { LogBuffer, splitPodPrefix, truncateLine } from './log-buffer';
import { logQuery } from './log-query';
import { findMatches, highlight, stepMatch } from './log-search';
import { layoutTimeline } from './timeline';

describe('duration', () => {
  it('measures between instants and to now', () => {
    expect(secondsBetween('2024-01-01T00:00:00Z', '2024-01-01T00:01:05Z')).toBe(65);
    expect(secondsBetween('2024-01-01T00:00:00Z', null, Date.parse('2024-01-01T00:00:10Z'))).toBe(10);
    expect(secondsBetween(undefined, '2024-01-01T00:00:00Z')).toBeUndefined();
    expect(secondsBetween('2024-01-01T00:00:10Z', '2024-01-01T00:00:00Z')).toBe(0);
  });
  it('formats', () => {
    expect(formatDuration(undefined)).toBe('-');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(185)).toBe('3m 5s');
    expect(formatDuration(7207)).toBe('2h 0m 7s');
    expect(formatDuration(97_440)).toBe('1d 3h 4m');
  });
});

describe('env sources', () => {
  it('shows a value or where it comes from', () => {
    expect(describeEnv({ name: 'A', value: '1' })).toEqual({ kind: 'value', text: '1' });
    expect(describeEnv({ name: 'B', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'level' } } })).toEqual({
      kind: 'configMapKeyRef',
      text: 'ConfigMap cfg / level',
    });
    expect(describeEnv({ name: 'C', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } }).text).toBe('Secret db / pw');
    expect(describeEnv({ name: 'D', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } })).toEqual({
      kind: 'fieldRef',
      text: 'metadata.name',
    });
    expect(
      describeEnv({ name: 'E', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', containerName: 'app', divisor: '1m' } } })
        .text,
    ).toBe('limits.cpu (container app, divisor 1m)');
  });
});

describe('job view', () => {
  const cond = (type: string, reason?: string, message?: string) => ({
    type,
    status: 'True',
    reason,
    message,
    lastTransitionTime: '2024-01-01T00:05:00Z',
  });
  it('is Pending without a status, never Failed', () => {
    expect(deriveStatus({}, {}).status).toBe('Pending');
  });
  it('reads conditions in order', () => {
    expect(deriveStatus({}, { conditions: [cond('Failed', 'BackoffLimitExceeded')] }).status).toBe('Failed');
    expect(deriveStatus({}, { conditions: [cond('Complete')] }).status).toBe('Completed');
    expect(deriveStatus({}, { conditions: [cond('FailureTarget')] }).status).toBe('Failing');
    expect(deriveStatus({ suspend: true }, { startTime: 'x' }).status).toBe('Suspended');
    expect(deriveStatus({}, { active: 1 }).status).toBe('Running');
  });
  it('reads a Job object', () => {
    const view = toJobView({
      metadata: {
        name: 'pi',
        labels: { app: 'pi' },
        annotations: { 'kubesphere.io/alias-name': 'Pi', 'kubesphere.io/description': 'digits' },
      },
      spec: {
        completions: 4,
        parallelism: 2,
        template: { spec: { containers: [{ name: 'pi', env: [{ name: 'X', value: '1' }] }] } },
      },
      status: {
        startTime: '2024-01-01T00:00:00Z',
        failed: 6,
        conditions: [cond('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')],
      },
    });
    expect(view).toMatchObject({
      name: 'pi',
      alias: 'Pi',
      description: 'digits',
      status: 'Failed',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      completions: 4,
      parallelism: 2,
      failed: 6,
      finishTime: '2024-01-01T00:05:00Z',
      labels: { app: 'pi' },
    });
    expect(view.containers).toEqual([{ name: 'pi', init: false, env: [{ name: 'X', value: '1', valueFrom: undefined }] }]);
  });
  it('survives a non-object', () => {
    expect(toJobView(null).status).toBe('Pending');
  });
});

describe('log buffer', () => {
  it('joins chunks split mid-line and shows the unfinished line', () => {
    const buffer = new LogBuffer();
    buffer.append('hel');
    buffer.append('lo\r\nwor');
    expect(buffer.toArray()).toEqual(['hello', 'wor']);
    buffer.append('ld\n');
    expect(buffer.toArray()).toEqual(['hello', 'world']);
    buffer.append('tail');
    buffer.finish();
    expect(buffer.size).toBe(3);
    expect(buffer.line(2)).toBe('tail');
  });
  it('keeps at most cap lines and counts the dropped', () => {
    const buffer = new LogBuffer(3);
    buffer.append('1\n2\n3\n4\n5\n');
    expect(buffer.toArray()).toEqual(['3', '4', '5']);
    expect(buffer.dropped).toBe(2);
    buffer.clear();
    expect(buffer.size).toBe(0);
    expect(buffer.dropped).toBe(0);
  });
  it('handles 100k lines and a multi-megabyte line', () => {
    const buffer = new LogBuffer(100_000);
    buffer.append('x\n'.repeat(150_000));
    expect(buffer.size).toBe(100_000);
    expect(buffer.dropped).toBe(50_000);
    buffer.append(`${'y'.repeat(3_000_000)}\n`);
    const huge = buffer.line(buffer.size - 1);
    expect(huge.length).toBe(3_000_000);
    expect(truncateLine(huge, 5000)).toEqual({ text: 'y'.repeat(5000), hidden: 2_995_000 });
    expect(truncateLine('short')).toEqual({ text: 'short', hidden: 0 });
  });
  it('splits the merged log prefix', () => {
    expect(splitPodPrefix('[pi-abc] hello')).toEqual({ prefix: '[pi-abc] ', rest: 'hello' });
    expect(splitPodPrefix('[2 pi-2-xyz] hi')).toEqual({ prefix: '[2 pi-2-xyz] ', rest: 'hi' });
    expect(splitPodPrefix('[not a prefix] x')).toEqual({ prefix: '', rest: '[not a prefix] x' });
  });
});

describe('log search', () => {
  const lines = ['Error one', 'fine', 'error ERROR'];
  const at = (i: number) => lines[i] ?? '';
  it('finds every match, case ignored, up to a limit', () => {
    expect(findMatches(3, at, 'error')).toEqual([
      { line: 0, start: 0 },
      { line: 2, start: 0 },
      { line: 2, start: 6 },
    ]);
    expect(findMatches(3, at, 'error', 2)).toHaveLength(2);
    expect(findMatches(3, at, '')).toEqual([]);
  });
  it('splits a line into highlighted segments', () => {
    expect(highlight('error ERROR!', 'error', 6)).toEqual([
      { text: 'error', match: true, current: false },
      { text: ' ', match: false, current: false },
      { text: 'ERROR', match: true, current: true },
      { text: '!', match: false, current: false },
    ]);
    expect(highlight('abc', '')).toEqual([{ text: 'abc', match: false, current: false }]);
  });
  it('steps through matches, wrapping', () => {
    expect(stepMatch(-1, 3, 1)).toBe(0);
    expect(stepMatch(2, 3, 1)).toBe(0);
    expect(stepMatch(0, 3, -1)).toBe(2);
    expect(stepMatch(0, 0, 1)).toBe(-1);
  });
});

describe('log query', () => {
  it('builds the URL parameters', () => {
    expect(logQuery({ follow: true, tailLines: 1000, timestamps: false, previous: false })).toBe('?follow=true&tailLines=1000');
    expect(
      logQuery({ container: 'app', follow: true, sinceSeconds: 300, timestamps: true, previous: true }, true),
    ).toBe('?container=app&sinceSeconds=300&timestamps=true&previous=true&download=true');
  });
});

describe('timeline', () => {
  const now = Date.parse('2024-01-01T00:01:40Z');
  it('lays bars on a shared axis, open ones to now', () => {
    const timeline = layoutTimeline(
      [
        { name: 'a', phase: 'Succeeded', startTime: '2024-01-01T00:00:00Z', finishedAt: '2024-01-01T00:00:50Z' },
        { name: 'b', phase: 'Running', startTime: '2024-01-01T00:00:50Z' },
        { name: 'c', phase: 'Pending' },
      ],
      now,
    );
    expect(timeline?.bars.map((b) => [b.name, b.left, b.width, b.open])).toEqual([
      ['a', 0, 50, false],
      ['b', 50, 50, true],
    ]);
    expect(timeline?.ticks.map((t) => t.left)).toEqual([0, 25, 50, 75, 100]);
  });
  it('keeps a tiny bar visible and handles no times', () => {
    const timeline = layoutTimeline(
      [
        { name: 'a', phase: 'Succeeded', startTime: '2024-01-01T00:00:00Z', finishedAt: '2024-01-01T00:01:40Z' },
        { name: 'b', phase: 'Failed', startTime: '2024-01-01T00:01:40Z', finishedAt: '2024-01-01T00:01:40Z' },
      ],
      now,
    );
    const last = timeline?.bars[1];
    expect(last?.width).toBeGreaterThan(0);
    expect((last?.left ?? 0) + (last?.width ?? 0)).toBeLessThanOrEqual(100);
    expect(layoutTimeline([{ name: 'x', phase: 'Pending' }], now)).toBeUndefined();
  });
});
