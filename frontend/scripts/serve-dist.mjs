// A stand-in for the Rust backend, for trying the built SPA and the e2e test without
// compiling the server: serves dist/ and renders the HTML shell from Vite's manifest with
// the backend's meta tags and CSP (nonce, no 'unsafe-inline' for scripts). The API is faked:
// GET /api/v1/clusters answers `{"items":[]}` when CLUSTERS=none, else the sandbox.
//   npm run build && PORT=8099 npm run preview:shell
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const openapi = new URL('../../openapi/openapi.json', import.meta.url).pathname;
const port = Number(process.env.PORT ?? 8099);
const types = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

function csp(nonce) {
  return `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'`;
}

async function shell(nonce, lang) {
  const manifest = JSON.parse(await readFile(join(dist, '.vite/manifest.json'), 'utf8'));
  const entry = manifest['index.html'];
  const styles = (entry.css ?? []).map((href) => `<link rel="stylesheet" href="/${href}" nonce="${nonce}" />`);
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8" />
<meta name="csp-nonce" content="${nonce}" /><meta name="jobconsole-version" content="0.1.0" />
<meta name="jobconsole-base-path" content="/" /><title>Job Console</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml" />${styles.join('')}
<script type="module" src="/${entry.file}" nonce="${nonce}"></script></head>
<body><div id="root"></div></body></html>`;
}

function docs(nonce) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8" />
<meta name="openapi-url" content="/api/openapi.json" /><title>API</title>
<link rel="stylesheet" href="/swagger/swagger-ui.css" /></head>
<body><div id="swagger-ui"></div>
<script src="/swagger/swagger-ui-bundle.js" nonce="${nonce}"></script>
<script src="/swagger/init.js" nonce="${nonce}"></script></body></html>`;
}

createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const nonce = randomBytes(16).toString('hex');
  const send = (status, type, body, headers = {}) => {
    res.writeHead(status, { 'Content-Type': type, ...headers });
    res.end(body);
  };
  try {
    if (path === '/api/v1/clusters') {
      const items = process.env.CLUSTERS === 'none' ? [] : [{ name: 'sandbox', kind: 'sandbox' }];
      return send(200, 'application/json', JSON.stringify({ items }));
    }
    if (path === '/api/openapi.json') return send(200, 'application/json', await readFile(openapi));
    if (path === '/api/docs') return send(200, 'text/html', docs(nonce), { 'Content-Security-Policy': csp(nonce) });
    if (path.startsWith('/api/')) {
      return send(404, 'application/json', JSON.stringify({ code: 404, reason: 'NotFound', message: `${path} was not found` }));
    }
    if (extname(path) !== '') {
      const file = normalize(join(dist, path));
      if (!file.startsWith(dist)) return send(404, 'text/plain', 'not found');
      return send(200, types[extname(path)] ?? 'application/octet-stream', await readFile(file));
    }
    const lang = /jobconsole-lang=zh/.test(req.headers.cookie ?? '') ? 'zh-CN' : 'en';
    return send(200, 'text/html', await shell(nonce, lang), { 'Content-Security-Policy': csp(nonce) });
  } catch {
    return send(404, 'text/plain', 'not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving dist/ like the backend on http://127.0.0.1:${port}`));
