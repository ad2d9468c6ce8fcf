import { DeleteOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { JobStatus } from '../api/list-jobs';
import { JOB_STATUSES } from '../lib/status';

export interface JobToolbarProps {
  search: string;
  onSearchChange: (search: string) => void;
  statuses: readonly JobStatus[];
  onStatusesChange: (statuses: JobStatus[]) => void;
  labelSelector: string;
  onLabelSelectorApply: (selector: string) => void;
  /** The server's complaint about the label selector, shown under it. */
  labelSelectorError?: string;
  /** Where "Create Job" leads; absent when the user may not create. */
  createPath?: string;
  /** How many Jobs are selected; absent when the user may not delete. */
  selectedCount?: number;
  onDeleteSelected: () => void;
  onRefresh: () => void;
}

/** Search, status and label filters, and the list's actions. */
export function JobToolbar(props: JobToolbarProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [selectorDraft, setSelectorDraft] = useState(props.labelSelector);
  const selectorErrorId = 'job-label-selector-error';

  return (
    <Flex justify="space-between" align="flex-start" gap={12} wrap style={{ marginBottom: 16 }}>
      <Flex role="search" aria-label={t('jobs.filters.label')} gap={8} wrap style={{ flex: 1 }}>
        <Input
          aria-label={t('jobs.filters.search')}
          placeholder={t('jobs.filters.search')}
          prefix={<SearchOutlined />}
          allowClear
          value={props.search}
          onChange={(event) => props.onSearchChange(event.target.value)}
          style={{ width: 240 }}
        />
        <Select<JobStatus[]>
          mode="multiple"
          aria-label={t('jobs.filters.status')}
          placeholder={t('jobs.filters.statusPlaceholder')}
          allowClear
          value={[...props.statuses]}
          onChange={props.onStatusesChange}
          options={JOB_STATUSES.map((status) => ({ value: status, label: t(`jobs.status.${status}`) }))}
          style={{ minWidth: 200 }}
        />
        <Flex vertical style={{ width: 320 }}>
          <Input.Search
            aria-label={t('jobs.filters.labelSelector')}
            aria-invalid={props.labelSelectorError ? true : undefined}
            aria-describedby={props.labelSelectorError ? selectorErrorId : undefined}
            placeholder={t('jobs.filters.labelSelectorPlaceholder')}
            title={t('jobs.filters.labelSelectorHelp')}
            allowClear
            status={props.labelSelectorError ? 'error' : undefined}
            value={selectorDraft}
            onChange={(event) => setSelectorDraft(event.target.value)}
            onSearch={(value) => props.onLabelSelectorApply(value.trim())}
          />
          {props.labelSelectorError ? (
            <Typography.Text id={selectorErrorId} type="danger" role="alert" style={{ fontSize: 12 }}>
              {props.labelSelectorError}
            </Typography.Text>
          ) : null}
        </Flex>
      </Flex>
      <Flex gap={8}>
        <Button icon={<ReloadOutlined />} aria-label={t('jobs.refresh')} title={t('jobs.refresh')} onClick={props.onRefresh} />
        {props.selectedCount !== undefined ? (
          <Button danger icon={<DeleteOutlined />} disabled={props.selectedCount === 0} onClick={props.onDeleteSelected}>
            {props.selectedCount > 0
              ? `${t('jobs.delete.button')} (${props.selectedCount})`
              : t('jobs.delete.button')}
          </Button>
        ) : null}
        {props.createPath ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(props.createPath ?? '')}>
            {t('jobs.create')}
          </Button>
        ) : null}
      </Flex>
    </Flex>
  );
}
