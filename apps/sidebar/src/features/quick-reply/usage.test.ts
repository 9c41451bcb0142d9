/// <reference types="jest" />
import { recordReplyUse, sendAndCount } from './usage'

describe('sendAndCount', () => {
  it('counts a send once the bridge has put it in the chat', async () => {
    const steps: string[] = []
    await sendAndCount(
      async () => void steps.push('sent'),
      async () => void steps.push('counted'),
      () => steps.push('count failed'),
    )
    expect(steps).toEqual(['sent', 'counted'])
  })

  it.each([['sendChatMessage:cancel'], ['sendChatMessage:fail no permission']])(
    'counts nothing when WeCom answers %s, and lets the failure through',
    async (errMsg) => {
      const count = jest.fn(async () => undefined)
      await expect(
        sendAndCount(
          () => Promise.reject(new Error(errMsg)),
          count,
          () => undefined,
        ),
      ).rejects.toThrow(errMsg)
      expect(count).not.toHaveBeenCalled()
    },
  )

  it('keeps a sent message sent when its count does not arrive', async () => {
    const failures: string[] = []
    await sendAndCount(
      async () => undefined,
      () => Promise.reject(new Error('offline')),
      (error) => failures.push(error.message),
    )
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(failures).toEqual(['offline'])
  })
})

describe('recordReplyUse', () => {
  const realFetch = globalThis.fetch
  afterEach(() => {
    globalThis.fetch = realFetch
  })

  it('posts to the reply’s used endpoint', async () => {
    const calls: [string, RequestInit | undefined][] = []
    globalThis.fetch = (async (path: string, init?: RequestInit) => {
      calls.push([path, init])
      return new Response(null, { status: 204 })
    }) as typeof fetch
    await recordReplyUse('q 1')
    expect(calls).toHaveLength(1)
    expect(calls[0]![0]).toBe('/api/sidebar/quick-replies/q%201/used')
    expect(calls[0]![1]?.method).toBe('POST')
  })
})
