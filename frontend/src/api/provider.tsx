import type { ReactNode } from 'react';
import type { ApiClient } from './client';
import { ApiClientContext } from './context';

/** Makes the API client available to the query hooks below it. */
export function ApiClientProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiClientContext value={client}>{children}</ApiClientContext>;
}
