import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, Empty, theme } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { splitPodPrefix, truncateLine, type LogBuffer } from '../../lib/log-buffer';
import { highlight, type LogMatch, type Segment } from '../../lib/log-search';

export interface LogLinesProps {
  buffer: LogBuffer;
  /** Changes whenever the buffer did. */
  version: number;
  query: string;
  current?: LogMatch;
  wrap: boolean;
}

function Marked({ segments, dim }: { segments: Segment[]; dim?: boolean }) {
  const { token } = theme.useToken();
  return (
    <span style={dim ? { color: token.colorTextTertiary } : undefined}>
      {segments.map((s, i) =>
        s.match ? (
          <mark
            key={i}
            data-current={s.current || undefined}
            style={{ padding: 0, background: s.current ? token.colorWarning : token.colorWarningBgHover, color: 'inherit' }}
          >
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </span>
  );
}

/**
 * The lines of a log, virtualised (only the visible rows are in the DOM), so 100k lines
 * scroll smoothly; a huge line is cut with a "show all" toggle. Sticks to the bottom while
 * the user has not scrolled up.
 */
export function LogLines({ buffer, version, query, current, wrap }: LogLinesProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const parentRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [stick, setStick] = useState(true);
  const count = buffer.size;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render on purpose
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 18,
    overscan: 20,
  });

  useEffect(() => {
    if (stick && count > 0 && current === undefined) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [virtualizer, stick, count, version, current]);

  useEffect(() => {
    if (current !== undefined) virtualizer.scrollToIndex(current.line, { align: 'center' });
  }, [virtualizer, current]);

  const toggle = (line: number) =>
    setExpanded((old) => {
      const next = new Set(old);
      if (next.has(line)) next.delete(line);
      else next.add(line);
      return next;
    });

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={parentRef}
      role="log"
      aria-label={t('jobDetail.logs.region')}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        setStick(el.scrollHeight - el.scrollTop - el.clientHeight < 32);
      }}
      style={{
        flex: 1,
        minHeight: 200,
        overflow: 'auto',
        fontFamily: 'monospace',
        fontSize: 12,
        lineHeight: '18px',
        background: token.colorFillQuaternary,
        borderRadius: token.borderRadius,
        padding: '4px 8px',
      }}
    >
      {count === 0 ? <Empty description={t('jobDetail.logs.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: wrap ? '100%' : 'max-content', minWidth: '100%' }}>
        <div style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${items[0]?.start ?? 0}px)` }}>
          {items.map((item) => {
            const absolute = buffer.dropped + item.index;
            const full = buffer.line(item.index);
            const open = expanded.has(absolute);
            const { text, hidden } = open ? { text: full, hidden: 0 } : truncateLine(full);
            const { prefix, rest } = splitPodPrefix(text);
            const at = current?.line === item.index ? current.start : undefined;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                style={{ whiteSpace: wrap ? 'pre-wrap' : 'pre', wordBreak: wrap ? 'break-all' : undefined, minHeight: 18 }}
              >
                {prefix ? <Marked dim segments={highlight(prefix, query, at, 0)} /> : null}
                <Marked segments={highlight(rest, query, at, prefix.length)} />
                {hidden > 0 ? <span style={{ color: token.colorTextTertiary }}>{t('jobDetail.logs.hidden', { count: hidden })} </span> : null}
                {hidden > 0 || open ? (
                  <Button size="small" type="link" onClick={() => toggle(absolute)} style={{ height: 18, padding: 0 }}>
                    {open ? t('jobDetail.logs.showLess') : t('jobDetail.logs.showAll')}
                  </Button>
                ) : null}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
