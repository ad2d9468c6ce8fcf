import { Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobSummary } from '../api/list-jobs';
import { sortFromColumn, type Sort } from '../lib/list-query';
import { jobColumns } from './job-columns';
import { useNow } from './use-now';

export interface JobTableProps {
  jobs: readonly JobSummary[];
  jobsPath: string;
  sort: Sort;
  onSortChange: (sort: Sort) => void;
  /** A new page or filter is loading (the old rows stay meanwhile). */
  loading: boolean;
  /** Row selection for batch actions; absent when the user may not delete. */
  selection?: { selected: readonly string[]; onChange: (names: string[]) => void };
  empty: ReactNode;
}

/** Renders one page of Jobs; the server sorts and pages, the table only asks. */
export function JobTable({ jobs, jobsPath, sort, onSortChange, loading, selection, empty }: JobTableProps) {
  const { t, i18n } = useTranslation();
  const now = useNow(30_000);
  const language = i18n.resolvedLanguage ?? 'en';

  const onChange: TableProps<JobSummary>['onChange'] = (_pagination, _filters, sorter) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    onSortChange(sortFromColumn(one?.columnKey, one?.order ?? null));
  };

  return (
    <Table<JobSummary>
      rowKey="name"
      columns={jobColumns({ t, language, jobsPath, sort, now })}
      dataSource={[...jobs]}
      pagination={false}
      loading={loading}
      onChange={onChange}
      locale={{ emptyText: empty }}
      size="middle"
      rowSelection={
        selection
          ? {
              selectedRowKeys: [...selection.selected],
              onChange: (keys) => selection.onChange(keys.map(String)),
              getCheckboxProps: (job) => ({ 'aria-label': t('jobs.select.row', { name: job.name }) }),
            }
          : undefined
      }
    />
  );
}
