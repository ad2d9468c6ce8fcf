import type { components } from './schema';

/** The backend's one error body: `{"code", "reason", "message", "fields"?}`. */
export type ApiErrorBody = components['schemas']['ErrorBody'];
/** A validation error at one field path of the request. */
export type FieldError = NonNullable<ApiErrorBody['fields']>[number];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isFieldError(value: unknown): value is FieldError {
  return isRecord(value) && typeof value.field === 'string' && typeof value.message === 'string';
}

/** Whether a parsed response body has the backend's error shape. */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return (
    isRecord(value) &&
    typeof value.code === 'number' &&
    typeof value.reason === 'string' &&
    typeof value.message === 'string' &&
    (value.fields === undefined || (Array.isArray(value.fields) && value.fields.every(isFieldError)))
  );
}

/**
 * The one error every API call throws: built from the backend's error body when there is
 * one, otherwise from the HTTP status (a proxy's HTML page, an empty body) or from the
 * network failure. `message` is what the user is shown.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when no response arrived. */
  readonly code: number;
  /** Machine-readable reason, e.g. `NotFound`, `Conflict`, `NetworkError`. */
  readonly reason: string;
  /** Field errors of a validation failure; empty otherwise. */
  readonly fields: readonly FieldError[];

  constructor(body: ApiErrorBody, options?: { cause?: unknown }) {
    super(body.message, options);
    this.code = body.code;
    this.reason = body.reason;
    this.fields = body.fields ?? [];
  }

  /** Builds the error from a failed response and its (possibly unparsed) body. */
  static fromResponse(response: Response, body: unknown): ApiError {
    if (isApiErrorBody(body)) {
      return new ApiError(body);
    }
    const text = typeof body === 'string' ? body.trim() : '';
    // A short plain-text body says more than the status line; an HTML page does not.
    const readable = text !== '' && text.length <= 200 && !text.startsWith('<');
    return new ApiError({
      code: response.status,
      reason: response.statusText || `HTTP${response.status}`,
      message: readable ? text : `${response.status} ${response.statusText}`.trim(),
    });
  }

  /** Builds the error for a request that got no response at all. */
  static fromNetworkFailure(cause: unknown): ApiError {
    const message = cause instanceof Error ? cause.message : String(cause);
    return new ApiError({ code: 0, reason: 'NetworkError', message }, { cause });
  }
}
