/** Every error code the API can answer with. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'NOT_A_MEMBER'
  | 'OAUTH_STATE_INVALID'
  | 'OAUTH_CODE_INVALID'
  | 'WECOM_UNAVAILABLE'
  | 'CUSTOMER_NOT_FOUND'
  | 'CUSTOMER_AMBIGUOUS'
  | 'CUSTOMER_EXISTS'
  | 'ALREADY_BOUND'
  | 'NOT_BOUND'
  | 'NOT_IN_SCOPE'
  | 'NOT_CONSOLE_USER'
  | 'SEARCH_LIMITED'
  | 'CUSTOMER_BOUND_ELSEWHERE'
  | 'LOGIN_FAILED'
  | 'LOGIN_LOCKED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'IMPORT_RUNNING'
  | 'WECOM_SIGNATURE_INVALID'
  | 'WECOM_TIMESTAMP_EXPIRED'
  | 'WECOM_RECEIVE_ID_MISMATCH'
  | 'WECOM_DECRYPT_FAILED'
  | 'WECOM_XML_INVALID'
  | 'DATABASE_UNAVAILABLE'
  | 'INTERNAL_ERROR'
  | 'MOMENT_QUOTA_FULL'
  | 'MOMENT_DAY_PAST'
  | 'MOMENT_LOCKED'
  | 'MOMENT_NOT_TODAY'
  | 'MOMENT_NO_DEPARTMENT'
  | 'WECOM_API_FAILED'
  | 'IMAGE_UNAVAILABLE'
  | 'EVENT_NOT_RETRYABLE'

/**
 * The base of every error the server means to answer with. `expose` decides
 * whether the client sees `message`; a 5xx shows a generic one.
 */
export class AppError extends Error {
  readonly status: number
  readonly code: ErrorCode
  readonly expose: boolean
  readonly details?: Record<string, unknown>

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    options: {
      details?: Record<string, unknown>
      cause?: unknown
      expose?: boolean
    } = {},
  ) {
    super(message, { cause: options.cause })
    this.name = new.target.name
    this.status = status
    this.code = code
    this.expose = options.expose ?? status < 500
    this.details = options.details
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(400, 'VALIDATION_FAILED', message, { details })
  }
}

export class UnauthorizedError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(401, code, message)
  }
}

export class ForbiddenError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(403, code, message)
  }
}

export class ConflictError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(409, code, message)
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'not found') {
    super(404, 'NOT_FOUND', message)
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `body exceeds ${limit} bytes`)
  }
}

/** The database could not be reached or refused the write; retry later. */
export class UnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super(503, 'DATABASE_UNAVAILABLE', message, { cause, expose: true })
  }
}
