/// <reference types="vitest/config" />
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Copies Swagger UI's bundle and stylesheet from the swagger-ui-dist package into
 * `dist/swagger/`, so the backend's API reference page (`/api/docs`) works offline.
 * `public/swagger/init.js` (copied by Vite as usual) starts it.
 */
function swaggerUi(): Plugin {
  const files = ['swagger-ui-bundle.js', 'swagger-ui.css'];
  let outDir = 'dist';
  return {
    name: 'jobconsole:swagger-ui',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      const source = dirname(require.resolve('swagger-ui-dist/package.json'));
      const target = join(outDir, 'swagger');
      await mkdir(target, { recursive: true });
      await Promise.all(files.map((file) => copyFile(join(source, file), join(target, file))));
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [react(), swaggerUi()],
  resolve: {
    alias: { '@': resolve(here, 'src') },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    manifest: true,
    emptyOutDir: true,
    // One entry chunk keeps the backend's shell simple; antd makes it big on purpose.
    chunkSizeWarningLimit: 2048,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
    // jsdom + antd are slow on a busy 2-core CI machine; tests wait on conditions, not time.
    testTimeout: 30_000,
  },
});
