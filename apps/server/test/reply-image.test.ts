/**
 * Where an image quick reply's bytes come from: this server's own static
 * files, or another host within strict limits.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ReplyImageError,
  ReplyImageLoader,
} from '../src/modules/sidebar/reply-image'

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('rest of a png'),
])

describe('ReplyImageLoader', () => {
  let server: Server
  let base: string
  let dist: string
  let pub: string
  let loader: ReplyImageLoader

  beforeAll(async () => {
    server = createServer((req, res) => {
      const port = (server.address() as AddressInfo).port
      switch (req.url) {
        case '/card.png':
          res.writeHead(200, { 'content-type': 'image/png' })
          res.end(PNG)
          return
        case '/photo':
          res.writeHead(200, { 'content-type': 'image/jpeg; charset=x' })
          res.end(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]))
          return
        case '/same-host':
          res.writeHead(302, { location: '/card.png' })
          res.end()
          return
        case '/other-host':
          res.writeHead(302, { location: `http://localhost:${port}/card.png` })
          res.end()
          return
        case '/anim.gif':
          res.writeHead(200, { 'content-type': 'image/gif' })
          res.end('GIF89a')
          return
        case '/huge.png':
          res.writeHead(200, { 'content-type': 'image/png' })
          res.end(Buffer.alloc(10 * 1024 * 1024 + 1))
          return
        case '/slow.png':
          setTimeout(() => {
            res.writeHead(200, { 'content-type': 'image/png' })
            res.end(PNG)
          }, 1000)
          return
        default:
          res.writeHead(404)
          res.end()
      }
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const root = mkdtempSync(join(tmpdir(), 'reply-image-'))
    dist = join(root, 'dist')
    pub = join(root, 'public')
    for (const dir of [dist, pub]) {
      mkdirSync(join(dir, 'quick-replies'), {
        recursive: true,
      })
    }
    writeFileSync(join(pub, 'quick-replies', 'only-public.png'), PNG)
    writeFileSync(join(dist, 'quick-replies', 'built.jpg'), PNG)
    writeFileSync(join(root, 'outside.png'), PNG)
    loader = new ReplyImageLoader(
      [{ prefix: '/sidebar/', dirs: [dist, pub] }],
      { timeoutMs: 300 },
    )
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((done) => server.close(done))
  })

  it('reads this server’s own files, built copy first, then public', async () => {
    await expect(
      loader.load('/sidebar/quick-replies/only-public.png'),
    ).resolves.toEqual({
      bytes: new Uint8Array(PNG),
      filename: 'only-public.png',
      contentType: 'image/png',
    })
    await expect(
      loader.load('/sidebar/quick-replies/built.jpg?v=2'),
    ).resolves.toMatchObject({ contentType: 'image/jpeg' })
  })

  it('refuses paths outside the folder, other prefixes and other file types', async () => {
    for (const path of [
      '/sidebar/../outside.png',
      '/sidebar/%2e%2e/outside.png',
      '/console/card.png',
      '/sidebar/quick-replies/notes.txt',
      '/sidebar/quick-replies/missing.png',
    ]) {
      await expect(loader.load(path)).rejects.toBeInstanceOf(ReplyImageError)
    }
  })

  it('fetches a PNG or JPEG over http, following a redirect on the same host', async () => {
    await expect(loader.load(`${base}/card.png`)).resolves.toEqual({
      bytes: new Uint8Array(PNG),
      filename: 'card.png',
      contentType: 'image/png',
    })
    await expect(loader.load(`${base}/photo`)).resolves.toMatchObject({
      filename: 'photo.jpg',
      contentType: 'image/jpeg',
    })
    await expect(loader.load(`${base}/same-host`)).resolves.toMatchObject({
      filename: 'card.png',
    })
  })

  it('refuses other hosts’ redirects, other types, over 10 MB, slow answers and other schemes', async () => {
    for (const url of [
      `${base}/other-host`,
      `${base}/anim.gif`,
      `${base}/huge.png`,
      `${base}/slow.png`,
      `${base}/nothing.png`,
      'file:///etc/passwd',
      'ftp://example.com/a.png',
      'not a url',
    ]) {
      await expect(loader.load(url)).rejects.toBeInstanceOf(ReplyImageError)
    }
  })
})
