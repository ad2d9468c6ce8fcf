import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LANGUAGE_STORAGE_KEY } from '@/i18n';
import { json, renderRoutes, stubApi } from '@/test/render';

describe('the app shell', () => {
  beforeEach(() => {
    stubApi({ '/api/v1/clusters': () => json({ items: [{ name: 'sandbox', kind: 'sandbox' }] }) });
  });

  it('shows the product name, the navigation and the clusters', async () => {
    renderRoutes();

    expect(await screen.findByRole('heading', { level: 1, name: 'Job Console' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Clusters' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Clusters' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'sandbox' })).toBeInTheDocument();
  });

  it('switches the UI to Chinese and remembers the choice', async () => {
    const user = userEvent.setup();
    renderRoutes();
    await screen.findByRole('link', { name: 'sandbox' });

    const language = screen.getByRole('radiogroup', { name: 'Language' });
    await user.click(within(language).getByText('简体中文'));

    expect(await screen.findByRole('heading', { level: 2, name: '集群' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: '主导航' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: '名称' })).toBeInTheDocument();
    expect(within(screen.getByRole('radiogroup', { name: '语言' })).getByRole('radio', { name: '简体中文' })).toBeChecked();
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(document.cookie).toContain('jobconsole-lang=zh-CN');
  });

  it('opens a deep link inside the shell', async () => {
    stubApi({
      '/api/v1/clusters/sandbox/projects': () =>
        json({ items: [{ name: 'demo-project', role: 'operator', workspace: 'demo' }] }),
    });
    renderRoutes({ path: '/clusters/sandbox/projects' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Job Console' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Projects' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'demo-project' })).toHaveAttribute(
      'href',
      '/clusters/sandbox/projects/demo-project/jobs',
    );
  });

  it('inside a project, links the Jobs entry and the trail back to the projects', async () => {
    stubApi({
      '/api/v1/clusters/sandbox/projects/demo-project/jobs': () => json({ items: [], total: 0 }),
      '/api/v1/clusters/sandbox/projects/demo-project/permissions': () =>
        json({ view: true, create: false, edit: false, delete: false, rerun: false, suspend: false, logs: true }),
    });
    renderRoutes({ path: '/clusters/sandbox/projects/demo-project/jobs' });

    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Jobs' })).toHaveAttribute(
      'href',
      '/clusters/sandbox/projects/demo-project/jobs',
    );
    const trail = screen.getByRole('navigation', { name: 'Where you are' });
    expect(within(trail).getByRole('link', { name: 'Projects' })).toHaveAttribute('href', '/clusters/sandbox/projects');
    expect(within(trail).getByRole('link', { name: 'demo-project' })).toBeInTheDocument();
    expect(await screen.findByText('No Jobs in this project yet.')).toBeInTheDocument();
  });

  it('says so for an unknown page', async () => {
    renderRoutes({ path: '/no/such/page' });

    expect(await screen.findByText('Page not found')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Back to clusters' })).toBeInTheDocument();
  });
});
