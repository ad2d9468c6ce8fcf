import { ClusterOutlined, FolderOutlined, ScheduleOutlined } from '@ant-design/icons';
import { Flex, Layout, Menu, Typography, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useMatch } from 'react-router';
import { LanguageSwitch } from '@/components/language-switch';
import { UserMenu } from '@/features/auth';

/** Which menu entry the current path belongs to. */
function useSelectedNavKey(): string {
  const projects = useMatch('/clusters/:cluster/projects/*');
  return projects ? 'projects' : 'clusters';
}

function useNavItems(): MenuProps['items'] {
  const { t } = useTranslation();
  const cluster = useMatch('/clusters/:cluster/*')?.params.cluster;
  return [
    { key: 'clusters', icon: <ClusterOutlined />, label: <Link to="/">{t('nav.clusters')}</Link> },
    cluster
      ? {
          key: 'projects',
          icon: <FolderOutlined />,
          label: <Link to={`/clusters/${encodeURIComponent(cluster)}/projects`}>{t('nav.projects')}</Link>,
        }
      : { key: 'projects', icon: <FolderOutlined />, label: t('nav.projects'), disabled: true },
    { key: 'jobs', icon: <ScheduleOutlined />, label: t('nav.jobs'), disabled: true },
  ];
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
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
