import { screen } from '@testing-library/react';
import { json, renderElement, stubFetch } from '@/test/render';
import { ClustersSection } from './clusters-section';

describe('ClustersSection', () => {
  it('shows a loading state, then the clusters from the API', async () => {
    stubFetch(() => json({ items: [{ name: 'sandbox', kind: 'sandbox' }] }));

    renderElement(<ClustersSection />);

    expect(screen.getByRole('status')).toHaveTextContent('Loading…');
    expect(await screen.findByRole('link', { name: 'sandbox' })).toBeInTheDocument();
  });

  it("shows the server's error message when the request fails", async () => {
    stubFetch(() => json({ code: 503, reason: 'ServiceUnavailable', message: 'the cluster is unreachable' }, 503));

    renderElement(<ClustersSection />);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the clusters');
    expect(alert).toHaveTextContent('the cluster is unreachable');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
