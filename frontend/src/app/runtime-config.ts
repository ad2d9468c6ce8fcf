/**
 * What the backend tells the SPA through `<meta>` tags in the HTML shell it renders
 * (askama, per response): the CSP nonce, the base path the console is served under and
 * the server's version. Vite's own index.html (dev only) carries the same tags.
 */
export interface RuntimeConfig {
  /** Nonce of this response's Content-Security-Policy, for the styles antd injects. */
  readonly nonce: string | undefined;
  /** Path prefix the console is served under, always starting and ending with `/`. */
  readonly basePath: string;
  /** Version of the server that rendered the shell. */
  readonly version: string | undefined;
}

function meta(doc: Document, name: string): string | undefined {
  const content = doc.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content.trim();
  return content ? content : undefined;
}

/** Normalises a base path to `/`, `/console/`, … (leading and trailing slash). */
export function normaliseBasePath(raw: string | undefined): string {
  const trimmed = (raw ?? '/').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

export function readRuntimeConfig(doc: Document = document): RuntimeConfig {
  return {
    nonce: meta(doc, 'csp-nonce'),
    basePath: normaliseBasePath(meta(doc, 'jobconsole-base-path')),
    version: meta(doc, 'jobconsole-version'),
  };
}

/** The router's basename: the base path without its trailing slash (`/` stays `/`). */
export function routerBasename(config: RuntimeConfig): string {
  return config.basePath === '/' ? '/' : config.basePath.replace(/\/$/, '');
}
