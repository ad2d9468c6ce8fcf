import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, setCsrfToken, unwrap, type ApiClient } from '@/api/client';
import { useApiClient } from '@/api/context';
import type { components } from '@/api/schema';

/** The signed-in user: `{username, groups, csrfToken}`. */
export type Me = components['schemas']['Me'];
export type LoginRequest = components['schemas']['LoginRequest'];

const ME_KEY = ['me'] as const;

/** `GET /api/v1/me`: the session's user, or `null` when nobody is signed in (401). */
export async function getMe(api: ApiClient, signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await unwrap(api.GET('/api/v1/me', { signal }));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.code === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function meQueryOptions(api: ApiClient) {
  return queryOptions({ queryKey: ME_KEY, queryFn: ({ signal }) => getMe(api, signal), staleTime: 60_000 });
}

/** Who is signed in (`null`: nobody). */
export function useMe() {
  return useQuery(meQueryOptions(useApiClient()));
}

/** `POST /api/v1/login`; on success the session is the new `me`. */
export function useLogin() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: LoginRequest) => unwrap(api.POST('/api/v1/login', { body })),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, me);
    },
  });
}

/** `POST /api/v1/logout`; forgets every cached answer. */
export function useLogout() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await unwrap(api.POST('/api/v1/logout'));
    },
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
    },
  });
}
