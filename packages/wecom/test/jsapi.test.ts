import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  buildOAuthAuthorizeUrl,
  JsapiTicketCache,
  jsapiSigningUrl,
  MemoryTokenStore,
  signJsapi,
  type CachedToken,
} from '../src'
import { SHARED_WECOM_DIR } from './vectors'

interface JsapiVector {
  name: string
  ticket: string
  nonceStr: string
  timestamp: number | string
  url: string
  pageHref?: string
  signature: string
  expect: 'match' | 'mismatch'
}

const vectors = JSON.parse(
  readFileSync(join(SHARED_WECOM_DIR, 'jsapi-vectors.json'), 'utf8'),
) as JsapiVector[]

describe('signJsapi against the shared vectors', () => {
  it('has vectors of both kinds to check', () => {
    expect(vectors.filter((v) => v.expect === 'match').length).toBeGreaterThan(
      2,
    )
    expect(vectors.filter((v) => v.expect === 'mismatch').length).toBe(2)
  })

  it.each(vectors.map((v) => [v.name, v] as const))(
    '%s: the URL as given signs as the vector says',
    (_name, v) => {
      const { signature } = signJsapi({
        ticket: v.ticket,
        url: v.url,
        nonceStr: v.nonceStr,
        timestamp: v.timestamp,
      })
      if (v.expect === 'match') {
        expect(signature).toBe(v.signature)
      } else {
        expect(signature).not.toBe(v.signature)
      }
    },
  )

  it.each(vectors.map((v) => [v.name, v] as const))(
    '%s: the server signs the right URL whatever the page sent',
    (_name, v) => {
      const url = jsapiSigningUrl(v.pageHref ?? v.url)
      expect(url).not.toBeNull()
      const { signature } = signJsapi({
        ticket: v.ticket,
        url: url!,
        nonceStr: v.nonceStr,
        timestamp: v.timestamp,
      })
      expect(signature).toBe(v.signature)
    },
  )

  it('makes a fresh nonce and the current time when not given', () => {
    const a = signJsapi({ ticket: 't', url: 'https://a.example/' })
    const b = signJsapi({ ticket: 't', url: 'https://a.example/' })
    expect(a.nonceStr).not.toBe(b.nonceStr)
    expect(a.signature).not.toBe(b.signature)
    expect(Math.abs(a.timestamp - Date.now() / 1000)).toBeLessThan(5)
  })
})

describe('jsapiSigningUrl', () => {
  it.each([
    ['https://x.example/a?b=1#/c', 'https://x.example/a?b=1'],
    ['http://127.0.0.1:3000/sidebar/', 'http://127.0.0.1:3000/sidebar/'],
    ['https%3A%2F%2Fx.example%2Fa%3Fb%3D1', 'https://x.example/a?b=1'],
    ['https://x.example/?q=%E5%AE%A2', 'https://x.example/?q=%E5%AE%A2'],
  ])('%s → %s', (input, expected) => {
    expect(jsapiSigningUrl(input)).toBe(expected)
  })

  it.each([
    '',
    '/sidebar/',
    'javascript:alert(1)',
    'https%3A%2F%2F%E0%A4%A',
    'ftp://x',
  ])('refuses %j', (input) => {
    expect(jsapiSigningUrl(input)).toBeNull()
  })
})

describe('JsapiTicketCache', () => {
  function setup(lifetimeMs = 7_200_000) {
    let now = 1_000_000
    const fetched: string[] = []
    const store = new MemoryTokenStore()
    const cache = new JsapiTicketCache({
      keyPrefix: 'corp1:1000002',
      store,
      now: () => now,
      fetch: async (kind): Promise<CachedToken> => {
        const n = fetched.push(kind)
        await new Promise((r) => setTimeout(r, 5))
        return {
          value: `${kind}-${n}`,
          expiresAt: now + lifetimeMs,
        }
      },
    })
    return { cache, fetched, store, advance: (ms: number) => (now += ms) }
  }

  it('keeps the corp and the app ticket apart and fetches each once', async () => {
    const { cache, fetched } = setup()
    const got = await Promise.all([
      cache.get('corp'),
      cache.get('agent'),
      cache.get('corp'),
      cache.get('agent'),
    ])
    expect(got).toEqual(['corp-1', 'agent-2', 'corp-1', 'agent-2'])
    expect(fetched).toEqual(['corp', 'agent'])
    expect(await cache.get('corp')).toBe('corp-1')
    expect(fetched).toHaveLength(2)
  })

  it('fetches again 100 s before the ticket expires, not after', async () => {
    const { cache, fetched, advance } = setup()
    await cache.get('agent')
    advance(7_200_000 - 100_001)
    expect(await cache.get('agent')).toBe('agent-1')
    advance(2)
    expect(await cache.get('agent')).toBe('agent-2')
    expect(fetched).toEqual(['agent', 'agent'])
  })

  it('shares tickets through the store with another process', async () => {
    const first = setup()
    await first.cache.get('corp')
    const other = new JsapiTicketCache({
      keyPrefix: 'corp1:1000002',
      store: first.store,
      now: () => 1_000_000,
      fetch: () => Promise.reject(new Error('must not fetch')),
    })
    expect(await other.get('corp')).toBe('corp-1')
  })
})

describe('buildOAuthAuthorizeUrl', () => {
  it('asks for snsapi_base with the app and an encoded redirect', () => {
    const url = new URL(
      buildOAuthAuthorizeUrl({
        base: 'https://open.weixin.qq.com/',
        corpId: 'ww1',
        agentId: '1000002',
        redirectUri: 'https://h.example/api/auth/oauth/callback?x=1&y=2',
        state: 's1',
      }),
    )
    expect(url.origin + url.pathname).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize',
    )
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: 'ww1',
      redirect_uri: 'https://h.example/api/auth/oauth/callback?x=1&y=2',
      response_type: 'code',
      scope: 'snsapi_base',
      state: 's1',
      agentid: '1000002',
    })
    expect(url.hash).toBe('#wechat_redirect')
  })
})
