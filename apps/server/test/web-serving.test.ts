import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import Koa from 'koa'
import request from 'supertest'
import type { RequestState } from '../src/middlewares/request-context'
import { serveWebApp } from '../src/modules/web/web'

const INDEX =
  '<!doctype html><script type="module" src="/app/assets/index-AbC123.js"></script>'
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))})`

/** A built app as Vite leaves it, with the precompressed twins of a build. */
function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'web-serving-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), INDEX)
  writeFileSync(join(dir, 'sw.js'), 'self.skipWaiting()')
  writeFileSync(join(dir, 'assets/index-AbC123.js'), SCRIPT)
  writeFileSync(join(dir, 'assets/index-AbC123.js.gz'), gzipSync(SCRIPT))
  writeFileSync(
    join(dir, 'assets/index-AbC123.js.br'),
    brotliCompressSync(SCRIPT),
  )
  return dir
}

function appServing(dir: string) {
  const koa = new Koa<RequestState>()
  koa.use(serveWebApp('/app', dir))
  koa.use((ctx) => {
    ctx.status = 404
    ctx.body = 'next'
  })
  return koa.callback()
}

describe('serveWebApp', () => {
  let dir: string
  let app: ReturnType<typeof appServing>

  beforeEach(() => {
    dir = fakeDist()
    app = appServing(dir)
  })

  afterEach(async () => {
    // koa-send opens a file stream even for HEAD, and Koa closes it once the
    // response is done; let that open finish before the folder goes.
    await new Promise((resolve) => setTimeout(resolve, 50))
    rmSync(dir, { recursive: true, force: true })
  })

  it('caches a hashed asset for a year, immutable', async () => {
    const res = await request(app)
      .get('/app/assets/index-AbC123.js')
      .set('Accept-Encoding', 'identity')

    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    )
    expect(res.headers['content-type']).toMatch(/javascript/)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.text).toBe(SCRIPT)
  })

  it('has index.html revalidated, and answers a matching ETag with a 304', async () => {
    const first = await request(app).get('/app/')

    expect(first.status).toBe(200)
    expect(first.headers['cache-control']).toBe('no-cache')
    expect(first.text).toBe(INDEX)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^W\/".+"$/)

    const again = await request(app).get('/app/').set('If-None-Match', etag)
    expect(again.status).toBe(304)
    expect(again.text).toBe('')
    expect(again.headers.etag).toBe(etag)
    expect(again.headers['cache-control']).toBe('no-cache')

    const stale = await request(app)
      .get('/app/')
      .set('If-None-Match', 'W/"0-0"')
    expect(stale.status).toBe(200)
    expect(stale.text).toBe(INDEX)
  })

  it('serves a query string the same index.html (the chat is in ?chat=)', async () => {
    const res = await request(app).get('/app/?chat=contact:wm1')

    expect(res.status).toBe(200)
    expect(res.text).toBe(INDEX)
    expect(res.headers['cache-control']).toBe('no-cache')
  })

  it('has the service worker script revalidated, never cached for a year', async () => {
    const res = await request(app).get('/app/sw.js')

    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.headers.etag).toBeDefined()
  })

  it('sends the build’s brotli or gzip twin when the browser takes it, with its own ETag', async () => {
    const br = await request(app)
      .get('/app/assets/index-AbC123.js')
      .set('Accept-Encoding', 'gzip, deflate, br')
    const gzip = await request(app)
      .get('/app/assets/index-AbC123.js')
      .set('Accept-Encoding', 'gzip')
    const plain = await request(app)
      .get('/app/assets/index-AbC123.js')
      .set('Accept-Encoding', 'identity')

    expect(br.headers['content-encoding']).toBe('br')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    // supertest decodes both; the bytes are the script's.
    expect(gzip.text).toBe(SCRIPT)
    for (const res of [br, gzip, plain]) {
      expect(res.headers['content-type']).toMatch(/javascript/)
      expect(res.headers.vary).toBe('Accept-Encoding')
      expect(res.headers['cache-control']).toBe(
        'public, max-age=31536000, immutable',
      )
    }
    const tags = new Set([br, gzip, plain].map((r) => r.headers.etag))
    expect(tags.size).toBe(3)
  })

  it('answers HEAD with the headers of GET', async () => {
    const res = await request(app).head('/app/assets/index-AbC123.js')

    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    )
  })

  it('redirects the bare prefix to the folder, keeping the query', async () => {
    const res = await request(app).get('/app?chat=group:wr1')

    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('/app/?chat=group:wr1')
  })

  it('leaves a missing file and other paths to the next middleware', async () => {
    const missing = await request(app).get('/app/assets/index-Old999.js')
    const other = await request(app).get('/api/app-info')

    expect([missing.status, missing.text]).toEqual([404, 'next'])
    expect([other.status, other.text]).toEqual([404, 'next'])
  })

  it('says so when the app is not built', async () => {
    rmSync(join(dir, 'index.html'))

    const res = await request(app).get('/app/')

    expect(res.status).toBe(503)
    expect(res.text).toContain('not built yet')
  })
})
