import { ClusterOutlined, FolderOutlined, ScheduleOutlined } from '@ant-design/icons';
import { Breadcrumb, Flex, Layout, Menu, Typography, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useMatch } from 'react-router';
import { LanguageSwitch } from '@/components/language-switch';
import { UserMenu } from '@/features/auth';

/** The cluster and project named by the current path, when it names them. */
function useLocationScope(): { cluster?: string; project?: string } {
  const inProject = useMatch('/clusters/:cluster/projects/:project/*');
  const inCluster = useMatch('/clusters/:cluster/*');
  return { cluster: inCluster?.params.cluster, project: inProject?.params.project };
}

function projectsPath(cluster: string): string {
  return `/clusters/${encodeURIComponent(cluster)}/projects`;
}

function jobsPath(cluster: string, project: string): string {
  return `${projectsPath(cluster)}/${encodeURIComponent(project)}/jobs`;
}

/** Which menu entry the current path belongs to. */
function useSelectedNavKey(): string {
  const { cluster, project } = useLocationScope();
  if (project) return 'jobs';
  return cluster ? 'projects' : 'clusters';
}

function useNavItems(): MenuProps['items'] {
  const { t } = useTranslation();
  const { cluster, project } = useLocationScope();
  return [
    { key: 'clusters', icon: <ClusterOutlined />, label: <Link to="/">{t('nav.clusters')}</Link> },
    cluster
      ? {
          key: 'projects',
          icon: <FolderOutlined />,
          label: <Link to={projectsPath(cluster)}>{t('nav.projects')}</Link>,
        }
      : { key: 'projects', icon: <FolderOutlined />, label: t('nav.projects'), disabled: true },
    cluster && project
      ? {
          key: 'jobs',
          icon: <ScheduleOutlined />,
          label: <Link to={jobsPath(cluster, project)}>{t('nav.jobs')}</Link>,
        }
      : { key: 'jobs', icon: <ScheduleOutlined />, label: t('nav.jobs'), disabled: true },
  ];
}

/** Inside a project: "Projects / <project>", each a link, above the page. */
function ProjectTrail() {
  const { t } = useTranslation();
  const { cluster, project } = useLocationScope();
  if (!cluster || !project) return null;
  return (
    <Breadcrumb
      aria-label={t('projects.trail')}
      style={{ marginBottom: 12 }}
      items={[
        { key: 'projects', title: <Link to={projectsPath(cluster)}>{t('nav.projects')}</Link> },
        { key: 'project', title: <Link to={jobsPath(cluster, project)}>{project}</Link> },
      ]}
    />
  );
}

/** The console's frame: top bar with the product name and language, side navigation, content. */
export function AppLayout() {
  const { t } = useTranslation();
  const items = useNavItems();
  const selected = useSelectedNavKey();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header>
        <Flex align="center" justify="space-between" style={{ height: '100%' }}>
          <Link to="/" style={{ color: 'inherit' }}>
            <Typography.Title level={1} style={{ color: '#fff', fontSize: 18, margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
          </Link>
          <Flex align="center" gap={16}>
            <LanguageSwitch />
            <UserMenu />
          </Flex>
        </Flex>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={220} breakpoint="lg" collapsedWidth={0} theme="light">
          <nav aria-label={t('nav.label')}>
            <Menu mode="inline" selectedKeys={[selected]} items={items} style={{ borderInlineEnd: 0 }} />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <main>
            <ProjectTrail />
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
