import { createHash } from 'node:crypto'
import { WecomApiError, WecomNetworkError } from '../errors'
import { RETRYABLE_ERRCODES, TOKEN_ERRCODES } from './errcodes'
import { KeepAliveHttp, type HttpAnswer, type HttpRequest } from './http'
import type { CachedToken, TokenStore } from './token-store'

/** How long a token read from the shared store is reused without a read. */
const LOCAL_TOKEN_MS = 10_000

/** The public WeCom server API. */
export const WECOM_API_BASE = 'https://qyapi.weixin.qq.com'

export interface TransportOptions {
  corpId: string
  /** The secret of the app whose token the calls use. */
  secret: string
  /** `WECOM_API_BASE`, or the simulator's URL. */
  apiBase?: string
  tokenStore: TokenStore
  /** How many times a busy or rate-limited call is tried in all (4). */
  attempts?: number
  /** The first backoff pause in ms, doubled each time, with jitter (250). */
  backoffMs?: number
  /** Per-request timeout in ms (10 000). */
  timeoutMs?: number
  /** Refresh a token this long before WeCom says it expires, in ms (300 000). */
  refreshMarginMs?: number
  /**
   * Sends every call through this `fetch` instead of the client's own
   * kept-alive connections: for tests that script WeCom's answers.
   */
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

export interface CallOptions {
  method?: 'GET' | 'POST'
  query?: Record<string, string | number | undefined>
  body?: unknown
  /**
   * A multipart/form-data body (a media upload), sent instead of `body`.
   * It is encoded, boundary and all, as `fetch` would; the parts are Blobs,
   * so a retry can send them again.
   */
  form?: FormData
  /** Safe to resend after a network failure (reads are). */
  idempotent?: boolean
}

interface WecomResponse {
  errcode?: number
  errmsg?: string
  [field: string]: unknown
}

/**
 * Sends calls to WeCom with a valid access token: the token is cached in the
 * shared store, refreshed before it expires and when WeCom calls it invalid,
 * and busy or rate-limited calls are retried with backoff.
 */
export class WecomTransport {
  private readonly apiBase: string
  private readonly http: Pick<KeepAliveHttp, 'send' | 'close'>
  private readonly sleep: (ms: number) => Promise<void>
  private readonly now: () => number
  private refreshing: Promise<string> | null = null
  private local: { token: CachedToken; readAt: number } | null = null

  constructor(private readonly options: TransportOptions) {
    this.apiBase = (options.apiBase ?? WECOM_API_BASE).replace(/\/+$/, '')
    this.http = options.fetch
      ? throughFetch(options.fetch)
      : new KeepAliveHttp()
    this.sleep =
      options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)))
    this.now = options.now ?? Date.now
  }

  /** The key the token is kept under: one per corp and secret. */
  get tokenKey(): string {
    const secretTag = createHash('sha256')
      .update(this.options.secret)
      .digest('hex')
      .slice(0, 12)
    return `wecom:access_token:${this.options.corpId}:${secretTag}`
  }

  /**
   * Calls `api` (e.g. `externalcontact/get`) and returns the response body.
   * @throws {WecomApiError} for any errcode the client does not recover from
   * @throws {WecomNetworkError} when WeCom cannot be reached
   */
  async call<T>(api: string, options: CallOptions = {}): Promise<T> {
    const attempts = this.options.attempts ?? 4
    let tokenRetried = false

    for (let attempt = 1; ; attempt++) {
      const token = await this.accessToken()
      let response: WecomResponse
      try {
        response = await this.send(api, options, token)
      } catch (error) {
        if (options.idempotent && attempt < attempts) {
          await this.backoff(attempt)
          continue
        }
        throw error
      }

      const errcode = response.errcode ?? 0
      if (errcode === 0) {
        return response as T
      }
      if (TOKEN_ERRCODES.has(errcode) && !tokenRetried) {
        tokenRetried = true
        this.local = null
        await this.options.tokenStore.invalidate(this.tokenKey, token)
        continue
      }
      if (RETRYABLE_ERRCODES.has(errcode) && attempt < attempts) {
        await this.backoff(attempt)
        continue
      }
      throw new WecomApiError(api, errcode, response.errmsg ?? '')
    }
  }

  /** A valid access token, from the store or fetched once for everyone. */
  async accessToken(): Promise<string> {
    const margin = this.options.refreshMarginMs ?? 300_000
    const now = this.now()
    // The store is read at most every few seconds; a token another process
    // replaced is noticed at the latest when WeCom refuses ours.
    const local = this.local
    if (
      local &&
      local.readAt + LOCAL_TOKEN_MS > now &&
      local.token.expiresAt - margin > now
    ) {
      return local.token.value
    }
    const cached = await this.options.tokenStore.get(this.tokenKey)
    if (cached && cached.expiresAt - margin > now) {
      this.local = { token: cached, readAt: now }
      return cached.value
    }
    // One refresh at a time in this process; the store shares the result.
    this.refreshing ??= this.fetchToken().finally(() => {
      this.refreshing = null
    })
    return this.refreshing
  }

  private async fetchToken(): Promise<string> {
    const url = new URL(`${this.apiBase}/cgi-bin/gettoken`)
    url.searchParams.set('corpid', this.options.corpId)
    url.searchParams.set('corpsecret', this.options.secret)
    const response = await this.request('gettoken', url, { method: 'GET' })
    const errcode = response.errcode ?? 0
    const token = response.access_token
    if (errcode !== 0 || typeof token !== 'string') {
      throw new WecomApiError('gettoken', errcode, response.errmsg ?? '')
    }
    const expiresIn = Number(response.expires_in ?? 7200)
    const fresh = { value: token, expiresAt: this.now() + expiresIn * 1000 }
    await this.options.tokenStore.set(this.tokenKey, fresh)
    this.local = { token: fresh, readAt: this.now() }
    return token
  }

  private send(
    api: string,
    options: CallOptions,
    token: string,
  ): Promise<WecomResponse> {
    const url = new URL(`${this.apiBase}/cgi-bin/${api}`)
    url.searchParams.set('access_token', token)
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(name, String(value))
      }
    }
    if (options.form) {
      return this.request(api, url, { method: 'POST', body: options.form })
    }
    const method = options.method ?? (options.body ? 'POST' : 'GET')
    return this.request(api, url, {
      method,
      headers:
        method === 'POST' ? { 'content-type': 'application/json' } : undefined,
      body: method === 'POST' ? JSON.stringify(options.body ?? {}) : undefined,
    })
  }

  private async request(
    api: string,
    url: URL,
    request: HttpRequest,
  ): Promise<WecomResponse> {
    let answer: HttpAnswer
    try {
      answer = await this.http.send(
        url,
        request,
        this.options.timeoutMs ?? 10_000,
      )
    } catch (error) {
      throw new WecomNetworkError(api, { cause: error })
    }
    if (answer.status < 200 || answer.status > 299) {
      throw new WecomNetworkError(api, {
        cause: new Error(`HTTP ${answer.status}`),
      })
    }
    try {
      return JSON.parse(answer.body.toString('utf8')) as WecomResponse
    } catch (error) {
      throw new WecomNetworkError(api, { cause: error })
    }
  }

  /** Closes the idle kept-alive connections to WeCom. */
  close(): void {
    this.http.close()
  }

  private backoff(attempt: number): Promise<void> {
    const base = (this.options.backoffMs ?? 250) * 2 ** (attempt - 1)
    return this.sleep(base / 2 + Math.random() * base)
  }
}

/** The same exchange through a `fetch` function. */
function throughFetch(fetch: typeof globalThis.fetch) {
  return {
    async send(
      url: URL,
      request: HttpRequest,
      timeoutMs: number,
    ): Promise<HttpAnswer> {
      const response = await fetch(url, {
        ...request,
        signal: AbortSignal.timeout(timeoutMs),
      })
      return {
        status: response.status,
        body: Buffer.from(await response.arrayBuffer()),
      }
    },
    close: () => undefined,
  }
}
