import { QueryClient } from '@tanstack/react-query';

/** A query client with defaults that suit a console: one retry, no refetch storms. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: 1, staleTime: 10_000, refetchOnWindowFocus: false },
    },
  });
}
