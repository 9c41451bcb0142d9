import { startSim } from './helpers'

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('not decoded by the simulator'),
])

describe('POST /cgi-bin/media/upload', () => {
  /** Posts `form` (or a raw body) the way the product does, with a token. */
  async function upload(
    sim: Awaited<ReturnType<typeof startSim>>,
    type: string,
    body: FormData | string,
  ): Promise<Record<string, unknown>> {
    const url = new URL('/cgi-bin/media/upload', sim.sim.url)
    url.searchParams.set('access_token', await sim.api.accessToken())
    url.searchParams.set('type', type)
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers:
        typeof body === 'string'
          ? { 'content-type': 'application/json' }
          : undefined,
    })
    expect(response.status).toBe(200)
    return (await response.json()) as Record<string, unknown>
  }

  const form = (name: string, bytes: Buffer, type: string) => {
    const data = new FormData()
    data.append(name, new Blob([new Uint8Array(bytes)], { type }), 'card.png')
    return data
  }

  it('answers a media id for a PNG, and remembers the upload', async () => {
    const started = await startSim({ now: () => 1_767_225_600_000 })
    try {
      const answer = await upload(
        started,
        'image',
        form('media', PNG, 'image/png'),
      )
      expect(answer).toEqual({
        errcode: 0,
        errmsg: 'ok',
        type: 'image',
        media_id: expect.any(String),
        created_at: '1767225600',
      })
      expect(started.sim.sent.media).toEqual([
        expect.objectContaining({
          mediaId: answer.media_id,
          filename: 'card.png',
          contentType: 'image/png',
          size: PNG.length,
          createdAt: 1_767_225_600_000,
        }),
      ])
    } finally {
      await started.sim.close()
    }
  })

  it('refuses another type, a JSON body, a missing media part and a non-image', async () => {
    const started = await startSim()
    try {
      expect(
        await upload(started, 'voice', form('media', PNG, 'image/png')),
      ).toMatchObject({ errcode: 40004 })
      expect(await upload(started, 'image', '{}')).toMatchObject({
        errcode: 41005,
      })
      expect(
        await upload(started, 'image', form('file', PNG, 'image/png')),
      ).toMatchObject({ errcode: 41005 })
      expect(
        await upload(started, 'image', form('media', PNG, 'image/gif')),
      ).toMatchObject({ errcode: 40005 })
      expect(
        await upload(
          started,
          'image',
          form('media', Buffer.from('hello world'), 'image/png'),
        ),
      ).toMatchObject({ errcode: 40005 })
      expect(started.sim.sent.media).toEqual([])
    } finally {
      await started.sim.close()
    }
  })
})
