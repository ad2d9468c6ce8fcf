import type { i18n } from 'i18next';
import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createApiClient } from '@/api/client';
import { AppProviders } from './providers';
import { routes } from './routes';
import { routerBasename, type RuntimeConfig } from './runtime-config';

/** The whole console, wired from the shell's runtime configuration. */
export function App({ config, i18n }: { config: RuntimeConfig; i18n: i18n }) {
  const [router] = useState(() => createBrowserRouter(routes, { basename: routerBasename(config) }));
  const [apiClient] = useState(() => createApiClient(config.basePath));
  return (
    <AppProviders config={config} i18n={i18n} apiClient={apiClient}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
