import { Empty, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Project } from '../api/get-projects';
import { projectColumns } from './project-columns';

export interface ProjectListProps {
  cluster: string;
  projects: readonly Project[];
}

/** Renders the user's projects with their role, or says that they hold none. */
export function ProjectList({ cluster, projects }: ProjectListProps) {
  const { t } = useTranslation();

  if (projects.length === 0) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <>
            <Typography.Paragraph strong>{t('projects.empty', { cluster })}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('projects.emptyHint')}</Typography.Paragraph>
          </>
        }
      />
    );
  }

  return (
    <Table<Project>
      rowKey="name"
      columns={projectColumns(t, cluster)}
      dataSource={[...projects]}
      pagination={projects.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      size="middle"
    />
  );
}
