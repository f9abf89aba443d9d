/**
 * The closed set of error codes LeadTrail answers with, and the one JSON envelope they travel in:
 * `{ "error": { "code", "message", "details"?, "request_id" } }`. Every 4xx/5xx goes through here so
 * clients can switch on `code` without parsing messages.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  /** A signed webhook whose signature is missing or wrong. */
  bad_signature: 401,
  /** A correctly signed webhook outside the freshness window (a replay, or the sender's clock is off). */
  stale_timestamp: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  tenant_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  rate_limited: 429,
  tenant_config_invalid: 500,
  internal_error: 500,
  queue_unavailable: 503,
  storage_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; request_id: string };
}

/** Thrown anywhere in the request path; the app's error handler turns it into the envelope. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** Seconds, sent as `Retry-After` (429 and 503). */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; retryAfter?: number } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }

  get status(): ErrorStatus {
    return ERROR_STATUS[this.code];
  }
}

export function errorBody(code: ErrorCode, message: string, requestId: string, details?: unknown): ErrorBody {
  return { error: { code, message, request_id: requestId, ...(details === undefined ? {} : { details }) } };
}

/** How much of a client's input an error message may echo (a path, host, origin, key or value). */
export const ECHO_MAX_CHARS = 200;

/**
 * Bounds echoed input, so that a 64,000-character path does not come back in a 64 KB error body. Cut on a
 * code point, never inside a surrogate pair.
 */
export function clip(input: string, max: number = ECHO_MAX_CHARS): string {
  if (input.length <= max) return input;
  const end = /[\uD800-\uDBFF]/.test(input.charAt(max - 1)) ? max - 1 : max;
  return `${input.slice(0, end)}…`;
}
