/**
 * @module core/errors
 * The one catalogue of review-stars errors: every failure a user can meet has a stable code, a
 * message that says what to do, and (for the HTTP layer) a status. Nothing here logs or formats.
 */

/** Every stable error code, with the HTTP status the API answers it with. */
export const ERROR_STATUS = {
  // data
  DATA_FILE_NOT_FOUND: 400,
  DATA_ENCODING: 400,
  DATA_MISSING_COLUMNS: 400,
  DATA_NO_ROWS: 400,
  DATA_DUPLICATE_COLUMNS: 400,
  DATA_READ_FAILED: 400,
  // registry / model files
  MODEL_SET_NOT_FOUND: 500,
  MODEL_FILE_INVALID: 500,
  MODEL_SET_INVALID: 500,
  // CLI and configuration
  INVALID_ARGUMENT: 400,
  UNKNOWN_MODEL: 404,
  OUT_DIR_NOT_EMPTY: 409,
  OUTPUT_NOT_WRITABLE: 400,
  FILE_ACCESS_FAILED: 400,
  // HTTP
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_REQUEST: 400,
  EMPTY_COMMENT: 422,
  VALIDATION_FAILED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  RELOAD_FAILED: 409,
  NOT_READY: 503,
  USERS_FILE_INVALID: 500,
  USER_EXISTS: 409,
  USER_NOT_FOUND: 404,
  USERS_FILE_LOCKED: 409,
  INTERNAL: 500,
  // deployment manifests (checked offline by CI)
  DEPLOY_CONFIG_INVALID: 400,
  // HTTP transport and serving configuration
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
  NO_USERS: 500,
  // console sessions (no Basic challenge: a browser must not pop up its own login dialog)
  SIGN_IN_FAILED: 401,
  SESSION_EXPIRED: 401,
  CSRF_TOKEN_INVALID: 403,
  CONSOLE_NOT_BUILT: 404,
  UNKNOWN_BRANCH: 422,
  // store: prediction log and feedback
  STORE_URL_INVALID: 400,
  STORE_UNAVAILABLE: 503,
  PREDICTION_NOT_FOUND: 404,
  FEEDBACK_TEXT_MISMATCH: 422,
  FEEDBACK_FILE_INVALID: 400,
  STORE_DISABLED: 501,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure with a stable code; `details` holds machine-readable context (never secrets). */
export class ReviewStarsError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ReviewStarsError';
    this.code = code;
    this.details = details;
  }

  /** HTTP status for this error's code. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** The code and message of any thrown value, for logs and error bodies (anything else shows as INTERNAL). */
export function errorCause(err: unknown): { code: string; message: string } {
  if (isReviewStarsError(err)) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/** True when `err` is a ReviewStarsError (optionally with the given code). */
export function isReviewStarsError(err: unknown, code?: ErrorCode): err is ReviewStarsError {
  return err instanceof ReviewStarsError && (code === undefined || err.code === code);
}
