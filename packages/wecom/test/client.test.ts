import {
  MemoryTokenStore,
  WecomApiError,
  WecomClient,
  WecomNetworkError,
  type TransportOptions,
} from '../src'

type Handler = (url: URL, body: unknown) => Record<string, unknown>

/**
 * A scripted WeCom: `gettoken` hands out token-1, token-2, …; other calls go
 * to `handler`, which sees the URL and the JSON body.
 */
function fakeWecom(handler: Handler) {
  const calls: { api: string; token: string | null; body: unknown }[] = []
  let tokens = 0
  const fetch = (async (input: URL | string, init?: RequestInit) => {
    const url = new URL(String(input))
    const api = url.pathname.replace('/cgi-bin/', '')
    if (api === 'gettoken') {
      tokens++
      calls.push({ api, token: null, body: undefined })
      return Response.json({
        errcode: 0,
        access_token: `token-${tokens}`,
        expires_in: 7200,
      })
    }
    const body = init?.body ? JSON.parse(String(init.body)) : undefined
    calls.push({ api, token: url.searchParams.get('access_token'), body })
    return Response.json({ errcode: 0, errmsg: 'ok', ...handler(url, body) })
  }) as typeof fetch
  return {
    fetch,
    calls,
    tokenFetches: () => calls.filter((c) => c.api === 'gettoken').length,
  }
}

function clientFor(
  fetch: typeof globalThis.fetch,
  overrides: Partial<TransportOptions> = {},
) {
  const sleeps: number[] = []
  const client = new WecomClient({
    corpId: 'wwcorp',
    secret: 'secret',
    apiBase: 'http://wecom.test',
    tokenStore: new MemoryTokenStore(),
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    ...overrides,
  })
  return { client, sleeps }
}

describe('WecomClient', () => {
  it('fetches one token for many calls, concurrent ones included', async () => {
    const wecom = fakeWecom(() => ({ follow_user: ['ZhangWei'] }))
    const { client } = clientFor(wecom.fetch)
    await Promise.all(
      Array.from({ length: 10 }, () => client.listFollowUsers()),
    )
    await client.listFollowUsers()
    expect(wecom.tokenFetches()).toBe(1)
    expect(
      wecom.calls
        .filter((c) => c.api !== 'gettoken')
        .every((c) => c.token === 'token-1'),
    ).toBe(true)
  })

  it('refreshes the token before it expires', async () => {
    let now = 1_000_000
    const wecom = fakeWecom(() => ({ follow_user: [] }))
    const { client } = clientFor(wecom.fetch, { now: () => now })
    await client.listFollowUsers()
    now += (7200 - 301) * 1000
    await client.listFollowUsers()
    expect(wecom.tokenFetches()).toBe(1)
    now += 2 * 1000
    await client.listFollowUsers()
    expect(wecom.tokenFetches()).toBe(2)
  })

  it.each([40014, 42001, 40082])(
    'gets a new token and retries once when WeCom answers %i',
    async (errcode) => {
      const wecom = fakeWecom((url) =>
        url.searchParams.get('access_token') === 'token-1'
          ? { errcode, errmsg: 'token' }
          : { follow_user: ['LiNa'] },
      )
      const { client } = clientFor(wecom.fetch)
      await expect(client.listFollowUsers()).resolves.toEqual(['LiNa'])
      expect(wecom.tokenFetches()).toBe(2)
    },
  )

  it('gives up when a fresh token is refused too', async () => {
    const wecom = fakeWecom(() => ({
      errcode: 40014,
      errmsg: 'invalid access_token',
    }))
    const { client } = clientFor(wecom.fetch)
    await expect(client.listFollowUsers()).rejects.toMatchObject({
      api: 'externalcontact/get_follow_user_list',
      errcode: 40014,
    })
    expect(wecom.tokenFetches()).toBe(2)
  })

  it.each([-1, 45009, 45033])(
    'retries errcode %i with growing pauses, then succeeds',
    async (errcode) => {
      let failures = 2
      const wecom = fakeWecom(() =>
        failures-- > 0
          ? { errcode, errmsg: 'busy' }
          : { follow_user: ['WangFang'] },
      )
      const { client, sleeps } = clientFor(wecom.fetch)
      await expect(client.listFollowUsers()).resolves.toEqual(['WangFang'])
      expect(sleeps).toHaveLength(2)
      expect(sleeps[1]).toBeGreaterThan(sleeps[0]! * 0.6)
    },
  )

  it('stops retrying after its attempts and names the call', async () => {
    const wecom = fakeWecom(() => ({ errcode: -1, errmsg: 'system busy' }))
    const { client, sleeps } = clientFor(wecom.fetch, { attempts: 3 })
    const error = await client.getGroupChat('wr1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WecomApiError)
    expect(error).toMatchObject({
      api: 'externalcontact/groupchat/get',
      errcode: -1,
    })
    expect((error as Error).message).toBe(
      'externalcontact/groupchat/get failed: -1 system busy',
    )
    expect(sleeps).toHaveLength(2)
  })

  it('turns any other errcode into a typed error at once', async () => {
    const wecom = fakeWecom(() => ({ errcode: 48002, errmsg: 'api forbidden' }))
    const { client, sleeps } = clientFor(wecom.fetch)
    await expect(client.getExternalContact('wm1')).rejects.toMatchObject({
      errcode: 48002,
      api: 'externalcontact/get',
    })
    expect(sleeps).toHaveLength(0)
  })

  it('reads a member without customers (84061) as an empty list', async () => {
    const wecom = fakeWecom(() => ({
      errcode: 84061,
      errmsg: 'not external contact',
    }))
    const { client } = clientFor(wecom.fetch)
    await expect(client.listExternalContactIds('NewNurse')).resolves.toEqual([])
    await expect(client.batchGetByUser(['NewNurse'])).resolves.toEqual({
      items: [],
      nextCursor: '',
    })
  })

  it('walks every page of a customer’s followers', async () => {
    const wecom = fakeWecom((url) => {
      const cursor = url.searchParams.get('cursor')
      const contact = { external_userid: 'wm1', name: '豆豆妈🐶', type: 1 }
      return cursor === 'page-2'
        ? {
            external_contact: contact,
            follow_user: [{ userid: 'LiNa', createtime: 2 }],
          }
        : {
            external_contact: contact,
            follow_user: [{ userid: 'ZhangWei', createtime: 1 }],
            next_cursor: 'page-2',
          }
    })
    const { client } = clientFor(wecom.fetch)
    const result = await client.getExternalContact('wm1')
    expect(result.contact.name).toBe('豆豆妈🐶')
    expect(result.followUsers.map((f) => f.userid)).toEqual([
      'ZhangWei',
      'LiNa',
    ])
  })

  it('retries a read after a network failure, but never a send', async () => {
    let down = 1
    const wecom = fakeWecom(() => ({ follow_user: [] }))
    const flaky = (async (input: URL | string, init?: RequestInit) => {
      if (!String(input).includes('gettoken') && down-- > 0) {
        throw new TypeError('fetch failed')
      }
      return wecom.fetch(input, init)
    }) as typeof fetch
    const { client } = clientFor(flaky)
    await expect(client.listFollowUsers()).resolves.toEqual([])

    down = 1
    await expect(
      client.sendWelcomeMessage('code', { text: '欢迎' }),
    ).rejects.toBeInstanceOf(WecomNetworkError)
  })

  it('sends JSON bodies in WeCom’s field names', async () => {
    const wecom = fakeWecom(() => ({ msgid: 'msg1', fail_list: ['wmGone'] }))
    const { client } = clientFor(wecom.fetch)
    const result = await client.addMessageTemplate({
      chat_type: 'single',
      external_userid: ['wm1'],
      sender: 'ZhangWei',
      text: { content: '免费体检' },
    })
    expect(result).toEqual({ msgId: 'msg1', failList: ['wmGone'] })
    expect(wecom.calls.at(-1)).toMatchObject({
      api: 'externalcontact/add_msg_template',
      body: {
        chat_type: 'single',
        sender: 'ZhangWei',
        text: { content: '免费体检' },
      },
    })
  })

  it('reports a refused secret from gettoken as a typed error', async () => {
    const fetch = (async () =>
      Response.json({
        errcode: 40001,
        errmsg: 'invalid credential',
      })) as unknown as typeof globalThis.fetch
    const { client } = clientFor(fetch)
    await expect(client.listFollowUsers()).rejects.toMatchObject({
      api: 'gettoken',
      errcode: 40001,
    })
  })
})

describe('MemoryTokenStore.invalidate', () => {
  it('keeps a token another caller has already replaced', async () => {
    const store = new MemoryTokenStore()
    await store.set('k', { value: 'new', expiresAt: 1 })
    await store.invalidate('k', 'old')
    expect(await store.get('k')).toEqual({ value: 'new', expiresAt: 1 })
    await store.invalidate('k', 'new')
    expect(await store.get('k')).toBeNull()
  })
})
