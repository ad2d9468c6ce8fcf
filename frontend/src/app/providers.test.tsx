import { screen } from '@testing-library/react';
import { json, renderRoutes, stubApi } from '@/test/render';

// Its own file, so that no earlier render has put antd's styles in the document already.
describe('AppProviders', () => {
  it("gives the styles antd injects the shell's CSP nonce", async () => {
    stubApi({ '/api/v1/clusters': () => json({ items: [{ name: 'sandbox', kind: 'sandbox' }] }) });

    renderRoutes({ config: { nonce: 'n0nce' } });
    await screen.findByRole('link', { name: 'sandbox' });

    const styles = [...document.head.querySelectorAll('style')];
    expect(styles.length).toBeGreaterThan(0);
    expect(styles.filter((style) => style.getAttribute('nonce') !== 'n0nce')).toEqual([]);
  });
});
