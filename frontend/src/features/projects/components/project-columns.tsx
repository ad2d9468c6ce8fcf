import { Tag, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import type { Project } from '../api/get-projects';
import { roleColor, toProjectRole } from '../lib/roles';

/** The projects table's columns, declared as data. */
export function projectColumns(t: TFunction, cluster: string): TableColumnsType<Project> {
  return [
    {
      key: 'name',
      title: t('projects.columns.name'),
      dataIndex: 'name',
      render: (name: string) => (
        <Link to={`/clusters/${encodeURIComponent(cluster)}/projects/${encodeURIComponent(name)}/jobs`}>{name}</Link>
      ),
    },
    {
      key: 'role',
      title: t('projects.columns.role'),
      dataIndex: 'role',
      render: (role: string) => {
        const known = toProjectRole(role);
        return <Tag color={roleColor(known)}>{t(`projects.role.${known}`)}</Tag>;
      },
    },
    {
      key: 'workspace',
      title: t('projects.columns.workspace'),
      dataIndex: 'workspace',
      render: (workspace: string | null | undefined) =>
        workspace ? workspace : <Typography.Text type="secondary">{t('projects.noWorkspace')}</Typography.Text>,
    },
  ];
}
