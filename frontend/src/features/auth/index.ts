/** What the auth feature offers the rest of the app. */
export { LoginPage } from './components/login-page';
export { safeNext } from './lib/safe-next';
export { RequireSession } from './components/require-session';
export { UserMenu } from './components/user-menu';
export { useMe, useLogin, useLogout, type Me } from './api/session';
