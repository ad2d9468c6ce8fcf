import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, renderRoutes, stubApi, TEST_USER } from '@/test/render';
import { safeNext } from '../lib/safe-next';

describe('signing in', () => {
  it('sends a visitor without a session to the sign-in page, then back', async () => {
    let signedIn = false;
    const fetchMock = stubApi({
      '/api/v1/me': () =>
        signedIn ? json(TEST_USER) : json({ code: 401, reason: 'Unauthorized', message: 'sign in' }, 401),
      '/api/v1/login': async (request) => {
        const body = (await request.json()) as { username: string; password: string };
        if (body.password !== 'P@88w0rd') {
          return json({ code: 401, reason: 'Unauthorized', message: 'wrong user name or password' }, 401);
        }
        signedIn = true;
        return json(TEST_USER);
      },
      '/api/v1/clusters': () => json({ items: [{ name: 'sandbox', kind: 'sandbox' }] }),
    });
    const user = userEvent.setup();
    renderRoutes({ path: '/clusters/sandbox/projects' });

    expect(await screen.findByRole('heading', { name: 'Sign in to Job Console' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your user name')).toBeInTheDocument();

    await user.type(screen.getByLabelText('User name'), 'project-regular');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong user name or password.');
    expect(screen.getByLabelText('User name')).toHaveValue('project-regular');

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'P@88w0rd');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Projects' })).toBeInTheDocument();
    expect(screen.getByText('project-regular')).toBeInTheDocument();
    const login = fetchMock.mock.calls.map(([input]) => input as Request).find((r) => r.url.endsWith('/api/v1/login'));
    expect(login?.method).toBe('POST');
  });

  it('says when sign-in is throttled', async () => {
    stubApi({
      '/api/v1/me': () => json({ code: 401, reason: 'Unauthorized', message: 'sign in' }, 401),
      '/api/v1/login': () =>
        json({ code: 429, reason: 'TooManyRequests', message: 'too many failed sign-ins; retry in 42 s' }, 429),
    });
    const user = userEvent.setup();
    renderRoutes({ path: '/login' });
    await user.type(await screen.findByLabelText('User name'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'x');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 42 s');
  });

  it('follows only same-app paths after sign-in', () => {
    expect(safeNext('/clusters/x')).toBe('/clusters/x');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
