import { randomBytes } from 'node:crypto'
import { getJsApiSignature } from '@wecom/crypto'
import type { CachedToken, TokenStore } from './api/token-store'

/** Which ticket signs: the corp's (`config`) or the app's (`agentConfig`). */
export type JsapiTicketKind = 'corp' | 'agent'

/** What `ww.register`'s signature callbacks hand back to the SDK. */
export interface JsapiSignature {
  timestamp: number
  nonceStr: string
  signature: string
}

/**
 * The page URL as WeCom signs it: `location.href` without its fragment and
 * not percent-encoded. A client that encoded the whole URL by mistake (it
 * then has no `://`) gets it decoded; anything else is signed exactly as
 * sent, raw query text included.
 * @returns null when the result is not an http(s) URL
 */
export function jsapiSigningUrl(url: string): string | null {
  let raw = url.trim()
  if (!raw.includes('://') && /^https?%3A/i.test(raw)) {
    try {
      raw = decodeURIComponent(raw)
    } catch {
      return null
    }
  }
  const hash = raw.indexOf('#')
  const bare = hash === -1 ? raw : raw.slice(0, hash)
  return /^https?:\/\/[^\s/?#]+/i.test(bare) ? bare : null
}

/**
 * The JS-SDK signature (doc 96909): SHA-1 of `jsapi_ticket`, `noncestr`,
 * `timestamp` and `url` in that order, values raw, over UTF-8. `url` must
 * already be the signing URL (see `jsapiSigningUrl`).
 */
export function signJsapi(input: {
  ticket: string
  url: string
  nonceStr?: string
  /** Hashed in the form given: the SDK passes a string on. */
  timestamp?: number | string
}): JsapiSignature {
  const nonceStr = input.nonceStr ?? randomBytes(12).toString('base64url')
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000)
  const { signature } = getJsApiSignature({
    ticket: input.ticket,
    url: input.url,
    nonceStr,
    timestamp,
  })
  return { timestamp: Number(timestamp), nonceStr, signature }
}

/** Milliseconds before WeCom's expiry that a cached ticket stops being used. */
const TICKET_MARGIN_MS = 100_000

/**
 * The two jsapi tickets, fetched at most once per expiry across every
 * process that shares the store (WeCom allows 400 fetches an hour per corp,
 * 100 per app), and once at a time within this process.
 */
export class JsapiTicketCache {
  private readonly inFlight = new Map<string, Promise<string>>()

  constructor(
    private readonly options: {
      /** Distinguishes corps and apps sharing one store. */
      keyPrefix: string
      store: TokenStore
      fetch: (kind: JsapiTicketKind) => Promise<CachedToken>
      now?: () => number
    },
  ) {}

  /** A ticket valid for at least the next 100 seconds. */
  async get(kind: JsapiTicketKind): Promise<string> {
    const key = `${this.options.keyPrefix}:jsapi:${kind}`
    const running = this.inFlight.get(key)
    if (running) {
      return running
    }
    const task = this.load(key, kind).finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, task)
    return task
  }

  private async load(key: string, kind: JsapiTicketKind): Promise<string> {
    const now = (this.options.now ?? Date.now)()
    const cached = await this.options.store.get(key)
    if (cached && cached.expiresAt - TICKET_MARGIN_MS > now) {
      return cached.value
    }
    const fresh = await this.options.fetch(kind)
    await this.options.store.set(key, fresh)
    return fresh.value
  }
}

/** Where WeCom members sign in to a self-built app's pages. */
export const WECOM_OAUTH_BASE = 'https://open.weixin.qq.com'

/**
 * The OAuth2 authorize URL that sends a member back to `redirectUri` with a
 * `code` (doc 91022). `snsapi_base` asks nothing of the member inside WeCom.
 */
export function buildOAuthAuthorizeUrl(input: {
  /** `https://open.weixin.qq.com` for a real corp; the simulator in demo. */
  base: string
  corpId: string
  agentId: string
  redirectUri: string
  state: string
}): string {
  const query = new URLSearchParams({
    appid: input.corpId,
    redirect_uri: input.redirectUri,
    response_type: 'code',
    scope: 'snsapi_base',
    state: input.state,
    agentid: input.agentId,
  })
  return `${input.base.replace(/\/$/, '')}/connect/oauth2/authorize?${query}#wechat_redirect`
}
