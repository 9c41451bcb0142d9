/**
 * The one way the page talks to the server. Every failure (non-2xx, network
 * error, timeout, a body that is not JSON) becomes an `ApiError`, so stores
 * only ever handle one error type.
 */

/** Codes the client makes up itself; the server's own codes pass through. */
export const CLIENT_ERROR_CODES = {
  network: 'NETWORK_ERROR',
  timeout: 'TIMEOUT',
  aborted: 'ABORTED',
  invalidResponse: 'INVALID_RESPONSE',
  unexpected: 'UNEXPECTED_ERROR',
} as const

/** What an `ApiError` is made from: the status, code and message to report. */
export interface ApiErrorInit {
  /** HTTP status, or 0 when no response arrived. */
  status: number
  code: string
  message: string
  requestId?: string | null
  /** Seconds the server asked to wait (`Retry-After`), for a 429 or 503. */
  retryAfter?: number | null
  /** The server's `error.details`, when it sent any. */
  details?: unknown
  cause?: unknown
}

/**
 * The one error type of every request: stores catch it, `errorText` turns it
 * into a sentence and `ErrorState` shows it.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  /** HTTP status, or 0 when no response arrived (network, timeout, abort). */
  readonly status: number
  /** The server's `error.code`, or one of `CLIENT_ERROR_CODES`, or `HTTP_<status>`. */
  readonly code: string
  /** The server's `requestId` (body, else `X-Request-Id`), for support. */
  readonly requestId: string | null
  /** Seconds the server asked to wait before trying again, when it said. */
  readonly retryAfter: number | null
  /**
   * The server's `error.details` as sent (e.g. a validation failure's
   * `{ errors: [...] }`), or null when it sent none; unchecked, so a page
   * reading it checks its shape first.
   */
  readonly details: unknown

  constructor(init: ApiErrorInit) {
    super(init.message, { cause: init.cause })
    this.status = init.status
    this.code = init.code
    this.requestId = init.requestId ?? null
    this.retryAfter = init.retryAfter ?? null
    this.details = init.details ?? null
  }

  /** True when the server was never reached (offline, DNS, timeout). */
  get isNetworkError(): boolean {
    return this.status === 0
  }
}

/** Wraps anything thrown into an `ApiError` (an `ApiError` passes through). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new ApiError({
    status: 0,
    code: CLIENT_ERROR_CODES.unexpected,
    message,
    cause: error,
  })
}

/** How `requestJson` sends a request: method, JSON body, abort and timeout. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Sent as JSON. */
  body?: unknown
  signal?: AbortSignal
  /** Gives up after this many ms (default 10 s). */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 10_000

/** The server's code for a request with no session, or an expired one. */
export const UNAUTHENTICATED = 'UNAUTHENTICATED'

let unauthenticatedHandler: ((error: ApiError) => void) | null = null

/**
 * Sets what happens when the server answers 401 `UNAUTHENTICATED` (the one
 * UI decision the client makes: sign in again); null removes it. The request
 * still fails with its `ApiError` afterwards, so callers stop as usual.
 */
export function onUnauthenticated(
  handler: ((error: ApiError) => void) | null,
): void {
  unauthenticatedHandler = handler
}

interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
  requestId?: string
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const error = (value as { error?: unknown }).error
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

/** Sends a request to the same-origin API and returns the parsed JSON body. */
export async function requestJson<T>(
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  const onAbort = () => controller.abort()
  options.signal?.addEventListener('abort', onAbort, { once: true })

  const headers: Record<string, string> = { Accept: 'application/json' }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'

  let response: Response
  let text: string
  try {
    if (options.signal?.aborted) controller.abort()
    response = await globalThis.fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
      credentials: 'same-origin',
    })
    text = await response.text()
  } catch (error) {
    if (timedOut) {
      throw new ApiError({
        status: 0,
        code: CLIENT_ERROR_CODES.timeout,
        message: `${path} timed out`,
        cause: error,
      })
    }
    if (controller.signal.aborted) {
      throw new ApiError({
        status: 0,
        code: CLIENT_ERROR_CODES.aborted,
        message: `${path} was aborted`,
        cause: error,
      })
    }
    throw new ApiError({
      status: 0,
      code: CLIENT_ERROR_CODES.network,
      message: error instanceof Error ? error.message : String(error),
      cause: error,
    })
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
  }

  return readJsonResponse<T>(path, response, text)
}

/**
 * The parsed JSON of a response already received (its body read as `text`),
 * or the `ApiError` it stands for; what `requestJson` does once the answer
 * is in, for a response fetched elsewhere (a request the page started early).
 */
export function readJsonResponse<T>(
  path: string,
  response: Response,
  text: string,
): T {
  const headerRequestId = response.headers.get('x-request-id')
  const parsed = text === '' ? { ok: false as const } : parseJson(text)

  if (!response.ok) {
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'))
    if (parsed.ok && isErrorBody(parsed.value)) {
      const error = new ApiError({
        status: response.status,
        code: parsed.value.error.code,
        message: parsed.value.error.message,
        requestId: parsed.value.requestId ?? headerRequestId,
        retryAfter,
        details: parsed.value.error.details,
      })
      if (response.status === 401 && error.code === UNAUTHENTICATED) {
        unauthenticatedHandler?.(error)
      }
      throw error
    }
    const statusText = response.statusText ? ` ${response.statusText}` : ''
    throw new ApiError({
      status: response.status,
      code: `HTTP_${response.status}`,
      message: `HTTP ${response.status}${statusText}`,
      requestId: headerRequestId,
      retryAfter,
    })
  }

  // 204 No Content (a DELETE, say) has no body to parse.
  if (response.status === 204) return undefined as T
  if (!parsed.ok) {
    throw new ApiError({
      status: response.status,
      code: CLIENT_ERROR_CODES.invalidResponse,
      message: `${path} did not return JSON`,
      requestId: headerRequestId,
    })
  }
  return parsed.value as T
}

/**
 * `Retry-After` in seconds: a number of seconds as sent, or the seconds
 * until an HTTP date; null when absent or unreadable.
 */
function retryAfterSeconds(header: string | null): number | null {
  if (header === null || header.trim() === '') return null
  if (/^\d+$/.test(header.trim())) return Number(header.trim())
  const at = Date.parse(header)
  if (Number.isNaN(at)) return null
  return Math.max(0, Math.ceil((at - Date.now()) / 1000))
}

/** `requestJson` for a GET: returns the parsed JSON body of `path`. */
export function getJson<T>(
  path: string,
  options: Omit<RequestOptions, 'method' | 'body'> = {},
): Promise<T> {
  return requestJson<T>(path, { ...options, method: 'GET' })
}

/** `requestJson` for a POST of `body` as JSON. */
export function postJson<T>(
  path: string,
  body: unknown,
  options: Omit<RequestOptions, 'method' | 'body'> = {},
): Promise<T> {
  return requestJson<T>(path, { ...options, method: 'POST', body })
}

/** `requestJson` for a PUT of `body` as JSON. */
export function putJson<T>(
  path: string,
  body: unknown,
  options: Omit<RequestOptions, 'method' | 'body'> = {},
): Promise<T> {
  return requestJson<T>(path, { ...options, method: 'PUT', body })
}

/** `requestJson` for a DELETE; a 204 answer resolves to `undefined`. */
export function deleteJson<T = undefined>(
  path: string,
  options: Omit<RequestOptions, 'method' | 'body'> = {},
): Promise<T> {
  return requestJson<T>(path, { ...options, method: 'DELETE' })
}

/** A query value; null, undefined and '' leave the parameter out. */
export type QueryValue = string | number | boolean | null | undefined

/**
 * `path` with `params` as its query string, in the order given, skipping
 * empty values, so that a filter left blank never reaches the server as
 * `regionId=`.
 */
export function withQuery(
  path: string,
  params: Record<string, QueryValue>,
): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue
    query.append(name, String(value))
  }
  const text = query.toString()
  if (text === '') return path
  return `${path}${path.includes('?') ? '&' : '?'}${text}`
}
