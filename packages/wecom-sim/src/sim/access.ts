import { randomBytes } from 'node:crypto'
import { SimApiError } from './errcodes'

/** What `AccessTokens` checks against, and its limits. */
export interface AccessOptions {
  corpId: string
  secret: string
  /** How long an access token lives, in seconds (7200, as WeCom's). */
  tokenLifetimeSeconds: number
  /** Calls one token may make per minute before 45009. */
  requestsPerMinute: number
  now: () => number
}

interface IssuedToken {
  expiresAt: number
  revoked: boolean
}

interface Budget {
  windowStart: number
  count: number
  blockedUntil: number
}

const MINUTE = 60_000

/**
 * Access tokens and their per-minute budgets. Like WeCom, `gettoken` hands
 * back the same token while it is valid, and a new one after it expires.
 * @see https://developer.work.weixin.qq.com/document/path/91039
 */
export class AccessTokens {
  private readonly tokens = new Map<string, IssuedToken>()
  private readonly budgets = new Map<string, Budget>()
  private current: string | null = null

  constructor(private readonly options: AccessOptions) {}

  /**
   * Answers `gettoken`.
   * @throws {SimApiError} 41002/41004 when a parameter is missing, 40013 for
   *   a wrong corp id, 40001 for a wrong secret
   */
  issue(
    corpId: string | null,
    secret: string | null,
  ): { access_token: string; expires_in: number } {
    if (!corpId) {
      throw new SimApiError('MISSING_CORP_ID')
    }
    if (!secret) {
      throw new SimApiError('MISSING_SECRET')
    }
    if (corpId !== this.options.corpId) {
      throw new SimApiError('INVALID_CORP_ID')
    }
    if (secret !== this.options.secret) {
      throw new SimApiError('INVALID_SECRET')
    }

    const now = this.options.now()
    const existing = this.current ? this.tokens.get(this.current) : undefined
    if (
      this.current &&
      existing &&
      !existing.revoked &&
      existing.expiresAt > now
    ) {
      const left = Math.ceil((existing.expiresAt - now) / 1000)
      return { access_token: this.current, expires_in: left }
    }
    const token = randomBytes(96).toString('base64url')
    const lifetime = this.options.tokenLifetimeSeconds
    this.tokens.set(token, { expiresAt: now + lifetime * 1000, revoked: false })
    this.current = token
    return { access_token: token, expires_in: lifetime }
  }

  /**
   * Checks a call's token and charges it one call.
   * @throws {SimApiError} 41001 missing, 40014 unknown or revoked, 42001
   *   expired, 45009 over the per-minute budget
   */
  authorize(token: string | null, options: { exempt?: boolean } = {}): void {
    if (!token) {
      throw new SimApiError('MISSING_ACCESS_TOKEN')
    }
    const issued = this.tokens.get(token)
    if (!issued || issued.revoked) {
      throw new SimApiError('INVALID_ACCESS_TOKEN')
    }
    const now = this.options.now()
    if (issued.expiresAt <= now) {
      throw new SimApiError('ACCESS_TOKEN_EXPIRED')
    }
    if (!options.exempt) {
      this.charge(token, now)
    }
  }

  /** Revokes every token, as WeCom may do early; they then answer 40014. */
  revokeAll(): void {
    for (const issued of this.tokens.values()) {
      issued.revoked = true
    }
    this.current = null
  }

  /** How many tokens are valid now. */
  activeCount(): number {
    const now = this.options.now()
    return [...this.tokens.values()].filter(
      (issued) => !issued.revoked && issued.expiresAt > now,
    ).length
  }

  // A fixed one-minute window per token. Going over it blocks the token for
  // a minute from that call, as WeCom's per-minute limits do (doc 90454).
  private charge(token: string, now: number): void {
    let budget = this.budgets.get(token)
    if (!budget || now - budget.windowStart >= MINUTE) {
      budget = {
        windowStart: now,
        count: 0,
        blockedUntil: budget?.blockedUntil ?? 0,
      }
      this.budgets.set(token, budget)
    }
    if (budget.blockedUntil > now) {
      throw new SimApiError('RATE_LIMITED')
    }
    budget.count++
    if (budget.count > this.options.requestsPerMinute) {
      budget.blockedUntil = now + MINUTE
      throw new SimApiError('RATE_LIMITED')
    }
  }
}

/**
 * Codes that work once and for a limited time: welcome codes and OAuth
 * codes. Each remembers what it was issued for.
 */
export class OneTimeCodes<T> {
  private readonly codes = new Map<string, { value: T; expiresAt: number }>()

  constructor(
    private readonly lifetimeMs: () => number,
    private readonly now: () => number,
  ) {}

  issue(value: T): string {
    const code = randomBytes(24).toString('base64url')
    this.codes.set(code, { value, expiresAt: this.now() + this.lifetimeMs() })
    return code
  }

  /** The code's value, once; undefined when unknown, used or expired. */
  consume(code: string): T | undefined {
    const entry = this.codes.get(code)
    this.codes.delete(code)
    if (!entry || entry.expiresAt <= this.now()) {
      return undefined
    }
    return entry.value
  }
}

/**
 * The corp's jsapi ticket and the app's agent-config ticket: each stays the
 * same for its 7200 seconds, then is replaced.
 * @see https://developer.work.weixin.qq.com/document/path/90506
 */
export class JsapiTickets {
  private readonly tickets = new Map<
    string,
    { value: string; expiresAt: number }
  >()

  constructor(private readonly now: () => number) {}

  get(kind: 'corp' | 'agent'): { ticket: string; expires_in: number } {
    const now = this.now()
    let entry = this.tickets.get(kind)
    if (!entry || entry.expiresAt <= now) {
      entry = {
        value: randomBytes(64).toString('base64url'),
        expiresAt: now + 7200 * 1000,
      }
      this.tickets.set(kind, entry)
    }
    return {
      ticket: entry.value,
      expires_in: Math.ceil((entry.expiresAt - now) / 1000),
    }
  }
}
