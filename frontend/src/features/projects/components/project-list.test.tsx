import { screen, within } from '@testing-library/react';
import { json, renderElement, renderRoutes, stubApi } from '@/test/render';
import { ProjectList } from './project-list';

describe('ProjectList', () => {
  it('lists each project with my role and its workspace, linking to its Jobs', () => {
    renderElement(
      <ProjectList
        cluster="sandbox"
        projects={[
          { name: 'demo-project', role: 'operator', workspace: 'demo' },
          { name: 'ops', role: 'admin' },
          { name: 'odd', role: 'weird-binding' },
        ]}
      />,
    );

    const table = screen.getByRole('table');
    expect(within(table).getByRole('link', { name: 'demo-project' })).toHaveAttribute(
      'href',
      '/clusters/sandbox/projects/demo-project/jobs',
    );
    expect(within(table).getByText('Operator')).toBeInTheDocument();
    expect(within(table).getByText('Admin')).toBeInTheDocument();
    expect(within(table).getByText('Custom')).toBeInTheDocument();
    expect(within(table).getByText('demo')).toBeInTheDocument();
  });

  it('says that I hold no role in any project', () => {
    renderElement(<ProjectList cluster="sandbox" projects={[]} />);

    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByText('You hold no role in any project of cluster sandbox.')).toBeInTheDocument();
  });
});

describe('ProjectsPage', () => {
  it('shows the error with a retry when the projects cannot be loaded', async () => {
    stubApi({
      '/api/v1/clusters/sandbox/projects': () =>
        json({ code: 502, reason: 'BadGateway', message: 'the cluster did not answer' }, 502),
    });
    renderRoutes({ path: '/clusters/sandbox/projects' });

    expect(await screen.findByText('the cluster did not answer')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('translates the role', async () => {
    stubApi({ '/api/v1/clusters/sandbox/projects': () => json({ items: [{ name: 'demo-project', role: 'viewer' }] }) });
    renderRoutes({ path: '/clusters/sandbox/projects', language: 'zh-CN' });

    expect(await screen.findByText('观察者')).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: '我的角色' })).toBeInTheDocument();
  });
});
