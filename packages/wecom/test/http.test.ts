/**
 * The client's own HTTP (kept-alive connections, no `fetch`) against a
 * scripted WeCom on a loopback port: one connection for many calls, the
 * deadline, and answers that are not WeCom's.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MemoryTokenStore, WecomClient, WecomNetworkError } from '../src'

type Answer = (
  request: IncomingMessage,
  body: string,
) => { status?: number; body?: string } | 'hang' | 'drop'

async function startWecom(answer: Answer) {
  let connections = 0
  let tokens = 0
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const url = new URL(request.url!, 'http://wecom.test')
      if (url.pathname === '/cgi-bin/gettoken') {
        tokens++
        response.end(
          JSON.stringify({ errcode: 0, access_token: `token-${tokens}` }),
        )
        return
      }
      const result = answer(request, Buffer.concat(chunks).toString())
      if (result === 'hang') {
        return
      }
      if (result === 'drop') {
        request.socket.destroy()
        return
      }
      response.statusCode = result.status ?? 200
      response.end(result.body ?? '{"errcode":0,"errmsg":"ok"}')
    })
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  )
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

describe('WecomClient over its own HTTP', () => {
  let wecom: Awaited<ReturnType<typeof startWecom>> | undefined
  let client: WecomClient | undefined

  function clientFor(url: string, timeoutMs = 10_000) {
    client = new WecomClient({
      corpId: 'wwcorp',
      secret: 'secret',
      apiBase: url,
      tokenStore: new MemoryTokenStore(),
      timeoutMs,
      backoffMs: 1,
    })
    return client
  }

  afterEach(async () => {
    client?.transport.close()
    await wecom?.close()
    wecom = undefined
  })

  it('makes many calls, one after another, on one connection', async () => {
    wecom = await startWecom(() => ({
      body: JSON.stringify({ errcode: 0, follow_user: ['ZhangWei'] }),
    }))
    const client = clientFor(wecom.url)
    for (let i = 0; i < 20; i++) {
      await expect(client.listFollowUsers()).resolves.toEqual(['ZhangWei'])
    }
    expect(wecom.connections()).toBe(1)
  })

  it('sends JSON bodies and reads UTF-8 answers', async () => {
    let received: unknown
    wecom = await startWecom((request, body) => {
      received = {
        method: request.method,
        type: request.headers['content-type'],
        body: JSON.parse(body),
      }
      return {
        body: JSON.stringify({
          errcode: 0,
          group_chat: {
            chat_id: 'wr1',
            name: 'C10023-Moco-发烧',
            member_list: [],
          },
        }),
      }
    })
    const group = await clientFor(wecom.url).getGroupChat('wr1')
    expect(group.name).toBe('C10023-Moco-发烧')
    expect(received).toEqual({
      method: 'POST',
      type: 'application/json',
      body: { chat_id: 'wr1', need_name: 1 },
    })
  })

  it('gives up on a call not answered within the timeout, as a network error', async () => {
    wecom = await startWecom(() => 'hang')
    const started = Date.now()
    const error = await clientFor(wecom.url, 100)
      .sendWelcomeMessage('code', { text: '欢迎' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WecomNetworkError)
    expect(error).toMatchObject({ api: 'externalcontact/send_welcome_msg' })
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('retries a read whose connection dropped, on a new one', async () => {
    let drops = 1
    wecom = await startWecom(() =>
      drops-- > 0 ? 'drop' : { body: '{"errcode":0,"follow_user":["LiNa"]}' },
    )
    await expect(clientFor(wecom.url).listFollowUsers()).resolves.toEqual([
      'LiNa',
    ])
  })

  it.each([
    ['an HTTP error status', { status: 502, body: 'Bad Gateway' }],
    ['a body that is not JSON', { body: '<html>' }],
  ])('reports %s as a network error naming the call', async (_, answer) => {
    wecom = await startWecom(() => answer)
    await expect(
      clientFor(wecom.url).sendWelcomeMessage('code', { text: '欢迎' }),
    ).rejects.toMatchObject({
      name: 'WecomNetworkError',
      api: 'externalcontact/send_welcome_msg',
    })
  })

  it('gets a new token and retries once when WeCom answers 42001', async () => {
    wecom = await startWecom((request) =>
      request.url!.includes('access_token=token-1')
        ? { body: '{"errcode":42001,"errmsg":"expired"}' }
        : { body: '{"errcode":0,"follow_user":["WangFang"]}' },
    )
    await expect(clientFor(wecom.url).listFollowUsers()).resolves.toEqual([
      'WangFang',
    ])
  })

  it('cannot reach a closed port: a network error', async () => {
    wecom = await startWecom(() => ({}))
    const url = wecom.url
    await wecom.close()
    wecom = undefined
    await expect(
      clientFor(url).sendWelcomeMessage('code', {}),
    ).rejects.toBeInstanceOf(WecomNetworkError)
  })
})
