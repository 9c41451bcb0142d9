/**
 * Image uploads (临时素材) against the WeCom simulator, over HTTP: the
 * multipart body the transport builds is read by the simulator as WeCom
 * would. The simulator is reached by path, as in moments.test.ts.
 */
import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import { createWecomSimulator, type WecomSimulator } from '../../wecom-sim/src'
import { MemoryTokenStore, WecomApiError, WecomClient } from '../src'

/** A real 2×2 grey PNG, small enough to read in a failure message. */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    // The CRC is not checked by the simulator; zeros keep this short.
    return Buffer.concat([length, Buffer.from(type), data, Buffer.alloc(4)])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(2, 0)
  header.writeUInt32BE(2, 4)
  header.set([8, 0, 0, 0, 0], 8)
  const rows = Buffer.from([0, 128, 128, 0, 128, 128])
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  )
}

describe('WecomClient.uploadImage', () => {
  let sim: WecomSimulator
  let client: WecomClient

  beforeEach(async () => {
    sim = await createWecomSimulator()
    client = new WecomClient({
      corpId: sim.corp.corpId,
      secret: sim.corp.secret,
      apiBase: sim.url,
      tokenStore: new MemoryTokenStore(),
      backoffMs: 1,
    })
  })

  afterEach(async () => {
    await sim.close()
  })

  it('uploads a PNG as multipart and returns the media id and its time', async () => {
    const png = tinyPng()
    const before = Math.floor(Date.now() / 1000)
    const { mediaId, createdAt } = await client.uploadImage(
      png,
      '疫苗接种卡.png',
      'image/png',
    )
    expect(mediaId).toEqual(expect.any(String))
    expect(Math.floor(createdAt.getTime() / 1000)).toBeGreaterThanOrEqual(
      before,
    )
    expect(sim.sent.media).toEqual([
      expect.objectContaining({
        mediaId,
        type: 'image',
        filename: '疫苗接种卡.png',
        contentType: 'image/png',
        size: png.length,
        sha256: createHash('sha256').update(png).digest('hex'),
      }),
    ])
  })

  it('sends the bytes it was given, not the whole buffer a view points into', async () => {
    const png = tinyPng()
    const padded = new Uint8Array(png.length + 10)
    padded.set(png, 5)
    await client.uploadImage(
      padded.subarray(5, 5 + png.length),
      'a.png',
      'image/png',
    )
    expect(sim.sent.media[0]!.size).toBe(png.length)
  })

  it('fails with WeCom’s errcode for a type it does not take, and for a file that is not an image', async () => {
    const gif = new TextEncoder().encode('GIF89a……not really')
    await expect(
      client.uploadImage(gif, 'a.gif', 'image/gif'),
    ).rejects.toMatchObject({ errcode: 40005 })
    await expect(
      client.uploadImage(gif, 'a.png', 'image/png'),
    ).rejects.toBeInstanceOf(WecomApiError)
    await expect(
      client.uploadImage(new Uint8Array(3), 'a.png', 'image/png'),
    ).rejects.toMatchObject({ errcode: 40006 })
    expect(sim.sent.media).toEqual([])
  })

  it('refuses an image over 10 MB with 40006', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1)
    big.set(tinyPng())
    await expect(
      client.uploadImage(big, 'big.png', 'image/png'),
    ).rejects.toMatchObject({ errcode: 40006 })
    expect(sim.sent.media).toEqual([])
  })

  it('gets a new token and uploads again when WeCom calls the token invalid', async () => {
    await client.uploadImage(tinyPng(), 'a.png', 'image/png')
    sim.faults.inject({ path: '/cgi-bin/media/upload', errcode: 40014 })
    const second = await client.uploadImage(tinyPng(), 'b.png', 'image/png')
    expect(sim.sent.media.map((m) => m.mediaId)).toEqual([
      sim.sent.media[0]!.mediaId,
      second.mediaId,
    ])
  })
})
