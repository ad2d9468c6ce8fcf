import { Empty, Flex, Tooltip, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../lib/duration';
import { layoutTimeline, type TimelinePod } from '../lib/timeline';

/** One horizontal bar per Pod, from its start to its finish (or now), on a shared time axis. */
export function PodTimeline({ pods, now }: { pods: readonly TimelinePod[]; now: number }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const timeline = layoutTimeline(pods, now);
  if (!timeline) return <Empty description={t('jobDetail.pods.timeline.empty')} />;
  const colors: Record<string, string> = {
    Pending: token.colorTextQuaternary,
    Running: token.colorPrimary,
    Succeeded: token.colorSuccess,
    Failed: token.colorError,
    Unknown: token.colorWarning,
  };
  const clock = (time: number) => new Date(time).toLocaleTimeString(i18n.resolvedLanguage, { hour12: false });
  return (
    <figure aria-label={t('jobDetail.pods.timeline.label')} style={{ margin: 0 }}>
      <Flex vertical gap={6}>
        {timeline.bars.map((bar) => {
          const label = t('jobDetail.pods.timeline.bar', {
            name: bar.name,
            phase: bar.phase,
            duration: formatDuration((bar.end - bar.start) / 1000),
          });
          return (
            <Flex key={bar.name} align="center" gap={8}>
              <Typography.Text ellipsis style={{ width: 200, flex: 'none', fontSize: 12 }} title={bar.name}>
                {bar.name}
              </Typography.Text>
              <div style={{ position: 'relative', flex: 1, height: 16, background: token.colorFillQuaternary, borderRadius: 4 }}>
                <Tooltip title={label}>
                  <div
                    role="img"
                    aria-label={label}
                    data-phase={bar.phase}
                    style={{
                      position: 'absolute',
                      left: `${bar.left}%`,
                      width: `${bar.width}%`,
                      top: 0,
                      bottom: 0,
                      borderRadius: 4,
                      background: colors[bar.phase] ?? token.colorTextQuaternary,
                      opacity: bar.open ? 0.7 : 1,
                    }}
                  />
                </Tooltip>
              </div>
            </Flex>
          );
        })}
        <Flex gap={8}>
          <div style={{ width: 200, flex: 'none' }} />
          <div style={{ position: 'relative', flex: 1, height: 18 }}>
            {timeline.ticks.map((tick, i) => (
              <Typography.Text
                key={tick.left}
                type="secondary"
                style={{
                  position: 'absolute',
                  left: `${tick.left}%`,
                  fontSize: 11,
                  whiteSpace: 'nowrap',
                  transform: i === 0 ? 'none' : i === timeline.ticks.length - 1 ? 'translateX(-100%)' : 'translateX(-50%)',
                }}
              >
                {clock(tick.time)}
              </Typography.Text>
            ))}
          </div>
        </Flex>
      </Flex>
    </figure>
  );
}
