import { createContext, use } from 'react';
import type { ApiClient } from './client';

/** Holds the API client; provided once by the app (see `ApiClientProvider`). */
export const ApiClientContext = createContext<ApiClient | null>(null);

/** The API client of the nearest `ApiClientProvider`. */
export function useApiClient(): ApiClient {
  const client = use(ApiClientContext);
  if (client === null) {
    throw new Error('useApiClient must be used inside <ApiClientProvider>');
  }
  return client;
}
