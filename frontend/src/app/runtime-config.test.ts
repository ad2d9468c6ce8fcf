import { normaliseBasePath, readRuntimeConfig, routerBasename } from './runtime-config';

function shell(metas: Record<string, string>): Document {
  const doc = document.implementation.createHTMLDocument();
  for (const [name, content] of Object.entries(metas)) {
    const meta = doc.createElement('meta');
    meta.name = name;
    meta.content = content;
    doc.head.append(meta);
  }
  return doc;
}

describe('readRuntimeConfig', () => {
  it("reads the nonce, base path and version from the backend's shell", () => {
    const config = readRuntimeConfig(
      shell({ 'csp-nonce': 'abc123', 'jobconsole-base-path': '/console', 'jobconsole-version': '0.1.0' }),
    );
    expect(config).toEqual({ nonce: 'abc123', basePath: '/console/', version: '0.1.0' });
    expect(routerBasename(config)).toBe('/console');
  });

  it('defaults to the root path and no nonce', () => {
    const config = readRuntimeConfig(shell({}));
    expect(config).toEqual({ nonce: undefined, basePath: '/', version: undefined });
    expect(routerBasename(config)).toBe('/');
  });

  it('normalises base paths', () => {
    expect(normaliseBasePath('')).toBe('/');
    expect(normaliseBasePath('//a/b//')).toBe('/a/b/');
  });
});
