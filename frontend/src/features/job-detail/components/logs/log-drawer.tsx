import { Alert, Drawer, Flex, Typography } from 'antd';
import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobRef } from '../../api/job-ref';
import { logUrl, useLogStream, type LogSource } from '../../api/stream-logs';
import { DEFAULT_LINE_CAP } from '../../lib/log-buffer';
import { sinceSeconds, type LogOptions } from '../../lib/log-query';
import { findMatches, stepMatch } from '../../lib/log-search';
import { LogLines } from './log-lines';
import { LogToolbar, type LogSettings } from './log-toolbar';

/** Whose log the viewer shows. */
export interface LogTarget {
  source: LogSource;
  /** The drawer's title. */
  title: string;
  /** Containers to pick from (the first is the default). */
  containers: string[];
}

/** A drawer with one Pod's (or all Pods') log, streamed, searchable and virtualised. */
export function LogDrawer({ jobRef, target, onClose }: { jobRef: JobRef; target: LogTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<LogSettings>({
    container: target.containers[0],
    follow: true,
    paused: false,
    tail: 1000,
    since: 'all',
    previous: false,
    timestamps: false,
    wrap: false,
    query: '',
  });
  const [currentMatch, setCurrentMatch] = useState(-1);
  const options: LogOptions = {
    container: target.containers.length > 0 ? settings.container : undefined,
    follow: settings.follow,
    tailLines: settings.tail,
    sinceSeconds: sinceSeconds(settings.since),
    timestamps: settings.timestamps,
    previous: settings.previous,
  };
  const url = logUrl(jobRef, target.source, options);
  const downloadUrl = logUrl(jobRef, target.source, options, true);
  const { buffer, version, status, error } = useLogStream(url, settings.follow && settings.paused);
  const query = useDeferredValue(settings.query);
  const matches = useMemo(
    () => (version >= 0 ? findMatches(buffer.size, (i) => buffer.line(i), query) : []),
    [buffer, version, query],
  );
  const current = currentMatch >= 0 && currentMatch < matches.length ? matches[currentMatch] : undefined;

  const change = (patch: Partial<LogSettings>) => {
    setSettings((old) => ({ ...old, ...patch }));
    if (patch.query !== undefined) setCurrentMatch(-1);
  };

  return (
    <Drawer open title={target.title} size="80vw" onClose={onClose} destroyOnHidden>
      <Flex vertical gap={8} style={{ height: '100%' }}>
        <LogToolbar
          settings={settings}
          onChange={change}
          containers={target.containers}
          matchCount={matches.length}
          currentMatch={current === undefined ? -1 : currentMatch}
          onStep={(step) => setCurrentMatch((i) => stepMatch(i, matches.length, step))}
          downloadUrl={downloadUrl}
        />
        {error ? <Alert type="error" showIcon title={t('jobDetail.logs.loadFailed')} description={error.message} /> : null}
        {buffer.dropped > 0 ? (
          <Alert type="info" showIcon title={t('jobDetail.logs.capped', { cap: DEFAULT_LINE_CAP, count: buffer.dropped })} />
        ) : null}
        <LogLines buffer={buffer} version={version} query={query} current={current} wrap={settings.wrap} />
        <Typography.Text type="secondary" role="status">
          {t(`jobDetail.logs.state.${status}`)} · {t('jobDetail.logs.lines', { count: buffer.size })}
        </Typography.Text>
      </Flex>
    </Drawer>
  );
}
