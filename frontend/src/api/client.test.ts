import { createApiClient, setCsrfToken } from './client';
import { json, stubFetch } from '@/test/render';

describe('the API client', () => {
  afterEach(() => setCsrfToken(null));

  it('sends the CSRF token with changes only', async () => {
    const fetchMock = stubFetch(() => json(null, 200));
    const api = createApiClient('/', 'http://localhost');
    setCsrfToken('t0ken');
    await api.POST('/api/v1/logout');
    await api.GET('/api/v1/me');
    const [post, get] = fetchMock.mock.calls.map(([input]) => input as Request);
    expect(post?.headers.get('X-CSRF-Token')).toBe('t0ken');
    expect(get?.headers.get('X-CSRF-Token')).toBeNull();
  });

  it('sends none before sign-in', async () => {
    const fetchMock = stubFetch(() => json(null, 200));
    await createApiClient('/', 'http://localhost').POST('/api/v1/logout');
    expect((fetchMock.mock.calls[0]?.[0] as Request).headers.get('X-CSRF-Token')).toBeNull();
  });
});
