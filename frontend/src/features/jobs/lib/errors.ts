import { ApiError } from '@/api/client';

/** Whether the list failed because of its label selector (the server's 400 names it). */
export function isSelectorError(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.code === 400 &&
    (error.fields.some((field) => field.field === 'labelSelector') || /labelSelector/.test(error.message))
  );
}

/** Whether the list failed because its `continue` token no longer fits (start again). */
export function isStaleTokenError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 400 && /continue token/i.test(error.message);
}
