import { Button, Empty, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorState } from '@/components/error-state';
import { LoadingState } from '@/components/loading-state';
import { usePermissions } from '@/features/projects';
import { useJobs, type JobStatus } from '../api/list-jobs';
import { useJobStream } from '../api/job-stream';
import { isSelectorError, isStaleTokenError } from '../lib/errors';
import { DEFAULT_SORT, isFiltered, listQuery, type JobFilters, type Sort } from '../lib/list-query';
import { firstPage, nextPage, previousPage, type Paging } from '../lib/paging';
import { DeleteJobsModal } from './delete-jobs-modal';
import { JobPager } from './job-pager';
import { JobTable } from './job-table';
import { JobToolbar } from './job-toolbar';
import { useDebouncedValue } from './use-debounced-value';

/** How often the list asks again (live updates). */
export const LIST_REFRESH_MS = 3_000;
/** While the live stream is connected, polling only keeps running durations fresh. */
export const LIVE_REFRESH_MS = 15_000;
const SEARCH_DEBOUNCE_MS = 300;

export interface JobsPanelProps {
  cluster: string;
  project: string;
}

/**
 * Fetches the project's Jobs for the chosen filters, sort and page (every 3 s) and the
 * user's permissions, and hands them to the toolbar, table, pager and delete dialog.
 */
export function JobsPanel({ cluster, project }: JobsPanelProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const jobsPath = `/clusters/${encodeURIComponent(cluster)}/projects/${encodeURIComponent(project)}/jobs`;

  const [searchDraft, setSearchDraft] = useState('');
  const search = useDebouncedValue(searchDraft, SEARCH_DEBOUNCE_MS);
  const [statuses, setStatuses] = useState<JobStatus[]>([]);
  const [labelSelector, setLabelSelector] = useState('');
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const filters: JobFilters = { search, statuses, labelSelector };

  // Paging belongs to one query: other filters or another sort start again at page one.
  const pagingKey = JSON.stringify([filters, sort]);
  const [pagingState, setPagingState] = useState<{ key: string; paging: Paging }>({ key: pagingKey, paging: firstPage() });
  const paging = pagingState.key === pagingKey ? pagingState.paging : firstPage(pagingState.paging.pageSize);
  const setPaging = (next: Paging) => setPagingState({ key: pagingKey, paging: next });

  const [selected, setSelected] = useState<string[]>([]);
  const [toDelete, setToDelete] = useState<readonly string[]>([]);

  const permissions = usePermissions(cluster, project);
  const canCreate = permissions.data?.create === true;
  const canDelete = permissions.data?.delete === true;

  const live = useJobStream(cluster, project);
  const jobs = useJobs(cluster, project, listQuery(filters, sort, paging), live ? LIVE_REFRESH_MS : LIST_REFRESH_MS);
  const items = jobs.data?.items ?? [];
  const selectorError = isSelectorError(jobs.error) ? jobs.error.message : undefined;
  const selectedHere = selected.filter((name) => items.some((job) => job.name === name));

  const toolbar = (
    <JobToolbar
      search={searchDraft}
      onSearchChange={setSearchDraft}
      statuses={statuses}
      onStatusesChange={setStatuses}
      labelSelector={labelSelector}
      onLabelSelectorApply={setLabelSelector}
      labelSelectorError={selectorError}
      createPath={canCreate ? `${jobsPath}/new` : undefined}
      selectedCount={canDelete ? selectedHere.length : undefined}
      onDeleteSelected={() => setToDelete(selectedHere)}
      onRefresh={() => void jobs.refetch()}
    />
  );

  let body;
  if (jobs.isPending) {
    body = <LoadingState />;
  } else if (jobs.isError && !selectorError) {
    const stale = isStaleTokenError(jobs.error);
    body = (
      <ErrorState
        title={t('jobs.loadFailed')}
        error={jobs.error}
        onRetry={() => (stale ? setPaging(firstPage(paging.pageSize)) : void jobs.refetch())}
      />
    );
  } else {
    const filtered = isFiltered(filters);
    const empty = (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          filtered ? (
            t('jobs.empty.noMatch')
          ) : (
            <Flex vertical>
              <Typography.Text strong>{t('jobs.empty.none')}</Typography.Text>
              <Typography.Text type="secondary">{t('jobs.empty.noneHint')}</Typography.Text>
            </Flex>
          )
        }
      >
        {!filtered && canCreate ? (
          <Button type="primary" onClick={() => void navigate(`${jobsPath}/new`)}>
            {t('jobs.create')}
          </Button>
        ) : null}
      </Empty>
    );
    const token = jobs.data?.continue;
    body = (
      <>
        <JobTable
          jobs={selectorError ? [] : items}
          jobsPath={jobsPath}
          sort={sort}
          onSortChange={setSort}
          loading={jobs.isPlaceholderData}
          selection={canDelete ? { selected: selectedHere, onChange: setSelected } : undefined}
          empty={empty}
        />
        <JobPager
          paging={paging}
          total={selectorError ? 0 : (jobs.data?.total ?? 0)}
          itemsOnPage={selectorError ? 0 : items.length}
          hasNext={Boolean(token) && !jobs.isPlaceholderData}
          onPrevious={() => setPaging(previousPage(paging))}
          onNext={() => token && setPaging(nextPage(paging, token))}
          onPageSizeChange={(pageSize) => setPaging(firstPage(pageSize))}
        />
      </>
    );
  }

  return (
    <>
      {toolbar}
      {body}
      <DeleteJobsModal
        cluster={cluster}
        project={project}
        names={toDelete}
        onClose={(deleted) => {
          setSelected((current) => current.filter((name) => !deleted.includes(name)));
          setToDelete([]);
          // The page emptied: show the one before rather than an empty later page.
          if (paging.page > 0 && items.every((job) => deleted.includes(job.name))) {
            setPaging(previousPage(paging));
          }
        }}
      />
    </>
  );
}
