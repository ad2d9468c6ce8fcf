import { stubFetch, json } from '@/test/render';
import { ApiError, createApiClient, unwrap } from './client';

describe('ApiError', () => {
  it('is built from the backend error body of a failed response', async () => {
    stubFetch(() =>
      json(
        {
          code: 422,
          reason: 'Invalid',
          message: 'the job is invalid',
          fields: [{ field: 'metadata.name', message: 'must be a DNS-1123 label' }],
        },
        422,
      ),
    );
    const api = createApiClient('/', 'http://localhost');

    const error = await unwrap(api.GET('/api/v1/clusters')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'the job is invalid',
      fields: [{ field: 'metadata.name', message: 'must be a DNS-1123 label' }],
    });
  });

  it('falls back to the HTTP status when the body is not the error shape', () => {
    const response = new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' });

    const error = ApiError.fromResponse(response, '<html>Bad Gateway</html>');

    expect(error).toMatchObject({ code: 502, reason: 'Bad Gateway', message: '502 Bad Gateway', fields: [] });
  });

  it('says when no response arrived', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const api = createApiClient('/', 'http://localhost');

    const error = await unwrap(api.GET('/api/v1/clusters')).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 0, reason: 'NetworkError', message: 'Failed to fetch' });
  });

  it('returns the data of a successful response, calling the API under the base path', async () => {
    const fetchMock = stubFetch(() => json({ items: [] }));
    const api = createApiClient('/console/', 'http://localhost');

    await expect(unwrap(api.GET('/api/v1/clusters'))).resolves.toEqual({ items: [] });
    const request = fetchMock.mock.calls[0]?.[0];
    expect(request instanceof Request ? request.url : request).toBe('http://localhost/console/api/v1/clusters');
  });
});
