import { useEffect, useState } from 'react';
import { ApiError } from '@/api/client';
import { LogBuffer } from '../lib/log-buffer';
import { logQuery, type LogOptions } from '../lib/log-query';
import type { JobRef } from './job-ref';
import { apiUrl, ensureOk, jobPath, projectPath } from './text';

/** Whose log: one Pod, or every Pod of the Job merged. */
export type LogSource = { kind: 'pod'; pod: string } | { kind: 'job' };

/** `GET pods/{pod}/logs` or `GET jobs/{job}/logs` with the viewer's options, as an absolute URL. */
export function logUrl(ref: JobRef, source: LogSource, options: LogOptions, download = false): string {
  const path =
    source.kind === 'pod'
      ? `${projectPath(ref)}/pods/${encodeURIComponent(source.pod)}/logs`
      : `${jobPath(ref)}/logs`;
  return apiUrl(path + logQuery(options, download));
}

export type LogStreamStatus = 'loading' | 'streaming' | 'ended' | 'paused' | 'error';

interface StreamState {
  /** The URL this state is about (a state of an earlier URL means: loading the new one). */
  url: string;
  status: LogStreamStatus;
  error?: ApiError;
}

/**
 * Reads a log into a capped `LogBuffer` as it arrives (`response.body.getReader()`), so a
 * followed log grows line by line; a new URL starts over; `paused` (or leaving) aborts the
 * request and keeps what was read. `version` changes whenever the buffer did (at most once
 * a frame).
 */
export function useLogStream(url: string, paused: boolean) {
  const [buffer] = useState(() => new LogBuffer());
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<StreamState>({ url: '', status: 'loading' });

  useEffect(() => {
    if (paused) return undefined;
    const controller = new AbortController();
    let frame: number | undefined;
    const bump = () => {
      frame ??= requestAnimationFrame(() => {
        frame = undefined;
        setVersion((v) => v + 1);
      });
    };
    buffer.clear();
    bump();

    async function read() {
      const response = await fetch(url, { credentials: 'same-origin', signal: controller.signal });
      await ensureOk(response);
      setState({ url, status: 'streaming' });
      const body = response.body;
      if (body === null) {
        buffer.append(await response.text());
      } else {
        const reader = body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer.append(decoder.decode(value, { stream: true }));
          bump();
        }
        buffer.append(decoder.decode());
      }
      buffer.finish();
      bump();
      setState({ url, status: 'ended' });
    }

    // Started a task later, so a mount that is undone at once (StrictMode, a quick change
    // of options) sends no request at all instead of one that is aborted.
    const start = window.setTimeout(() => {
      read().catch((cause: unknown) => {
        if (controller.signal.aborted) return;
        const error = cause instanceof ApiError ? cause : ApiError.fromNetworkFailure(cause);
        setState({ url, status: 'error', error });
      });
    }, 0);

    return () => {
      window.clearTimeout(start);
      controller.abort();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [buffer, url, paused]);

  const status: LogStreamStatus = paused ? 'paused' : state.url === url ? state.status : 'loading';
  return { buffer, version, status, error: state.url === url ? state.error : undefined };
}
