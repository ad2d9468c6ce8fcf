import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PAGE_SIZES, pageCount, shownRange, type Paging } from '../lib/paging';

export interface JobPagerProps {
  paging: Paging;
  total: number;
  itemsOnPage: number;
  /** The server answered a `continue` token: there is a next page. */
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSizeChange: (pageSize: number) => void;
}

/**
 * Previous / next through the server's `continue` tokens (it cannot jump to page 5), the
 * range shown out of the total, and the page size.
 */
export function JobPager({ paging, total, itemsOnPage, hasNext, onPrevious, onNext, onPageSizeChange }: JobPagerProps) {
  const { t } = useTranslation();
  const range = shownRange(paging, itemsOnPage);
  return (
    <Flex component="nav" aria-label={t('jobs.pager.label')} align="center" justify="flex-end" gap={12} wrap style={{ marginTop: 16 }}>
      <Typography.Text type="secondary">
        {range ? t('jobs.pager.range', { ...range, total }) : t('jobs.pager.total', { count: total })}
      </Typography.Text>
      <Button icon={<LeftOutlined />} aria-label={t('jobs.pager.previous')} disabled={paging.page === 0} onClick={onPrevious} />
      <Typography.Text>{t('jobs.pager.page', { page: paging.page + 1, pages: pageCount(total, paging.pageSize) })}</Typography.Text>
      <Button icon={<RightOutlined />} aria-label={t('jobs.pager.next')} disabled={!hasNext} onClick={onNext} />
      <Select<number>
        aria-label={t('jobs.pager.pageSize')}
        value={paging.pageSize}
        onChange={onPageSizeChange}
        options={PAGE_SIZES.map((size) => ({ value: size, label: t('jobs.pager.perPage', { count: size }) }))}
        style={{ width: 120 }}
      />
    </Flex>
  );
}
