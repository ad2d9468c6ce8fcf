import { screen, within } from '@testing-library/react';
import { renderElement } from '@/test/render';
import { ClusterList } from './cluster-list';

describe('ClusterList', () => {
  it('lists each cluster with its type, linking to its projects', () => {
    renderElement(
      <ClusterList
        clusters={[
          { name: 'sandbox', kind: 'sandbox' },
          { name: 'prod', kind: 'kubeconfig' },
        ]}
      />,
    );

    const table = screen.getByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'Name' })).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: 'sandbox' })).toHaveAttribute('href', '/clusters/sandbox/projects');
    expect(within(table).getByRole('link', { name: 'prod' })).toBeInTheDocument();
    expect(within(table).getByText('Sandbox')).toBeInTheDocument();
    expect(within(table).getByText('Kubeconfig')).toBeInTheDocument();
  });

  it('says that no cluster is configured and where to configure one', () => {
    renderElement(<ClusterList clusters={[]} />);

    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByText('No cluster is configured.')).toBeInTheDocument();
    expect(screen.getByText(/see “Configuration” in the README/)).toBeInTheDocument();
  });
});
