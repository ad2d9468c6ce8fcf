import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { jobStreamUrl, useJobStream } from './job-stream';
import { jobsKey } from './list-jobs';

/** A stand-in for the browser's EventSource that the test drives. */
class FakeEventSource {
  static last: FakeEventSource | undefined;
  readonly listeners = new Map<string, Array<() => void>>();
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeEventSource.last = this;
  }
  addEventListener(name: string, listener: () => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }
  emit(name: string) {
    for (const listener of this.listeners.get(name) ?? []) listener();
  }
  close() {
    this.closed = true;
  }
}

describe('the Job stream', () => {
  it('is reached under the base path', () => {
    expect(jobStreamUrl('sandbox', 'demo-project', '/console/')).toBe(
      'http://localhost:3000/console/api/v1/clusters/sandbox/projects/demo-project/stream',
    );
  });

  it('refreshes the project list when a Job changes, and says when it is live', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const queryClient = new QueryClient();
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    );
    const { result, unmount } = renderHook(() => useJobStream('sandbox', 'demo-project'), { wrapper });
    const source = FakeEventSource.last;
    expect(source?.url).toContain('/api/v1/clusters/sandbox/projects/demo-project/stream');
    expect(result.current).toBe(false);

    act(() => source?.onopen?.());
    expect(result.current).toBe(true);
    act(() => {
      source?.emit('upsert');
      source?.emit('delete');
    });
    await waitFor(() => expect(invalidate).toHaveBeenCalledWith({ queryKey: jobsKey('sandbox', 'demo-project') }));
    expect(invalidate).toHaveBeenCalledTimes(1);

    act(() => source?.onerror?.());
    expect(result.current).toBe(false);
    unmount();
    expect(source?.closed).toBe(true);
  });
});
