import type { Context } from 'koa'
import type { Config } from '../../config'

/** The session cookie: who signed in, until when. Signed, httpOnly. */
export const SESSION_COOKIE = 'pc_session'
/** The OAuth round trip's state and return path, for ten minutes. */
export const OAUTH_COOKIE = 'pc_oauth'

export interface SessionClaims {
  userId: string
  /** Epoch milliseconds. */
  expiresAt: number
}

/**
 * Reads and writes the session cookie. The value is plain JSON in base64url,
 * signed with HMAC-SHA256 by Koa's keygrip (`app.keys`); nothing in it is
 * secret, and the member's rights are looked up on every request.
 */
export class SessionCookies {
  constructor(private readonly config: Config) {}

  read(ctx: Context, now = Date.now()): SessionClaims | null {
    const claims = decode(ctx.cookies.get(SESSION_COOKIE, { signed: true }))
    if (
      !claims ||
      typeof claims.userId !== 'string' ||
      typeof claims.expiresAt !== 'number' ||
      claims.expiresAt <= now
    ) {
      return null
    }
    return { userId: claims.userId, expiresAt: claims.expiresAt }
  }

  write(ctx: Context, userId: string, now = Date.now()): SessionClaims {
    const claims = {
      userId,
      expiresAt: now + this.config.session.ttlMinutes * 60_000,
    }
    ctx.cookies.set(SESSION_COOKIE, encode(claims), {
      ...this.options(),
      expires: new Date(claims.expiresAt),
    })
    return claims
  }

  clear(ctx: Context): void {
    ctx.cookies.set(SESSION_COOKIE, null, this.options())
  }

  /** The OAuth state and where to go back to, bound to this browser. */
  writeOAuth(ctx: Context, value: { state: string; back: string }): void {
    ctx.cookies.set(OAUTH_COOKIE, encode(value), {
      ...this.options(),
      maxAge: 10 * 60_000,
    })
  }

  takeOAuth(ctx: Context): { state: string; back: string } | null {
    const value = decode(ctx.cookies.get(OAUTH_COOKIE, { signed: true }))
    ctx.cookies.set(OAUTH_COOKIE, null, this.options())
    return value &&
      typeof value.state === 'string' &&
      typeof value.back === 'string'
      ? { state: value.state, back: value.back }
      : null
  }

  private options() {
    return {
      signed: true,
      httpOnly: true,
      // Lax: the OAuth redirect back is a top-level GET, which Lax allows;
      // a cross-site POST carries no cookie.
      sameSite: 'lax' as const,
      secure: this.config.session.secure,
      path: '/',
      overwrite: true,
    }
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function decode(text: string | undefined): Record<string, unknown> | null {
  if (!text) {
    return null
  }
  try {
    const value: unknown = JSON.parse(
      Buffer.from(text, 'base64url').toString('utf8'),
    )
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/**
 * Where to send a member back to after signing in: a path on this server
 * only (no `//host`, no scheme), so the sign-in cannot be used to redirect
 * someone elsewhere.
 */
export function safeReturnPath(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\') ||
    /[\r\n]/.test(value) ||
    value.length > 2000
  ) {
    return '/sidebar/'
  }
  return value
}
