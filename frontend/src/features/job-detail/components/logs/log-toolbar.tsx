import { DownOutlined, DownloadOutlined, UpOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SINCE_CHOICES, type SinceKey } from '../../lib/log-query';

/** What the user set in the log viewer. */
export interface LogSettings {
  container?: string;
  follow: boolean;
  paused: boolean;
  tail?: number;
  since: SinceKey;
  previous: boolean;
  timestamps: boolean;
  wrap: boolean;
  query: string;
}

export interface LogToolbarProps {
  settings: LogSettings;
  onChange: (change: Partial<LogSettings>) => void;
  containers: string[];
  matchCount: number;
  /** Index of the current match, -1 for none. */
  currentMatch: number;
  onStep: (step: 1 | -1) => void;
  downloadUrl: string;
}

/** The log viewer's controls: container, follow/pause, tail, since, previous, timestamps, wrap, search, download. */
export function LogToolbar({ settings, onChange, containers, matchCount, currentMatch, onStep, downloadUrl }: LogToolbarProps) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8}>
      <Flex wrap gap={12} align="center">
        {containers.length > 1 ? (
          <Select
            aria-label={t('jobDetail.logs.container')}
            value={settings.container}
            style={{ minWidth: 160 }}
            options={containers.map((c) => ({ value: c, label: c }))}
            onChange={(container: string) => onChange({ container })}
          />
        ) : null}
        <label>
          <Space size={4}>
            <Switch size="small" checked={settings.follow} onChange={(follow) => onChange({ follow, paused: false })} />
            {t('jobDetail.logs.follow')}
          </Space>
        </label>
        {settings.follow ? (
          <Button size="small" onClick={() => onChange({ paused: !settings.paused })}>
            {settings.paused ? t('jobDetail.logs.resume') : t('jobDetail.logs.pause')}
          </Button>
        ) : null}
        <Space size={4}>
          <Typography.Text id="log-tail-label">{t('jobDetail.logs.tail')}</Typography.Text>
          <InputNumber
            aria-labelledby="log-tail-label"
            size="small"
            min={1}
            max={100_000}
            value={settings.tail ?? null}
            onChange={(tail) => onChange({ tail: tail ?? undefined })}
            style={{ width: 100 }}
          />
        </Space>
        <Space size={4}>
          <Typography.Text id="log-since-label">{t('jobDetail.logs.since')}</Typography.Text>
          <Select
            aria-labelledby="log-since-label"
            size="small"
            value={settings.since}
            style={{ minWidth: 110 }}
            options={SINCE_CHOICES.map((c) => ({ value: c.key, label: t(`jobDetail.logs.sinceChoices.${c.key}`) }))}
            onChange={(since: SinceKey) => onChange({ since })}
          />
        </Space>
        <Checkbox checked={settings.previous} onChange={(e) => onChange({ previous: e.target.checked })}>
          {t('jobDetail.logs.previous')}
        </Checkbox>
        <Checkbox checked={settings.timestamps} onChange={(e) => onChange({ timestamps: e.target.checked })}>
          {t('jobDetail.logs.timestamps')}
        </Checkbox>
        <Checkbox checked={settings.wrap} onChange={(e) => onChange({ wrap: e.target.checked })}>
          {t('jobDetail.logs.wrap')}
        </Checkbox>
        <Button size="small" icon={<DownloadOutlined />} href={downloadUrl} download>
          {t('jobDetail.logs.download')}
        </Button>
      </Flex>
      <Flex gap={8} align="center">
        <Input.Search
          aria-label={t('jobDetail.logs.search')}
          placeholder={t('jobDetail.logs.search')}
          allowClear
          size="small"
          value={settings.query}
          onChange={(e) => onChange({ query: e.target.value })}
          onSearch={() => onStep(1)}
          style={{ maxWidth: 320 }}
        />
        <Button size="small" icon={<UpOutlined />} aria-label={t('jobDetail.logs.previousMatch')} disabled={matchCount === 0} onClick={() => onStep(-1)} />
        <Button size="small" icon={<DownOutlined />} aria-label={t('jobDetail.logs.nextMatch')} disabled={matchCount === 0} onClick={() => onStep(1)} />
        {settings.query !== '' ? (
          <Typography.Text type="secondary" aria-live="polite">
            {matchCount === 0
              ? t('jobDetail.logs.noMatches')
              : t('jobDetail.logs.matches', { current: currentMatch < 0 ? 0 : currentMatch + 1, count: matchCount })}
          </Typography.Text>
        ) : null}
      </Flex>
    </Flex>
  );
}
