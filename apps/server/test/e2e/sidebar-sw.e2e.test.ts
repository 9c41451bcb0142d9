/**
 * The sidebar's service worker in Chromium: a second open comes from its
 * cache even while the server cannot serve the page, the data still comes
 * from the network (and never from the worker), and a deploy is picked up.
 *
 * The page is served by the server's own serveWebApp (its cache headers,
 * ETags and precompressed files) from a temporary folder, so a test can
 * break it or deploy another build there; everything else is proxied to the
 * fake sidebar API. Both builds go to temporary folders, leaving
 * apps/sidebar/dist to the other browser tests.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Koa from 'koa'
import type { Browser, BrowserContext, Page, Response } from 'playwright-core'
import type { RequestState } from '../../src/middlewares/request-context'
import { serveWebApp } from '../../src/modules/web/web'
import { REPO, describeInChromium, launchChromium } from './browser'
import { startFakeSidebarApi, type FakeSidebarApi } from './sidebar-fake-api'

const SIDEBAR = join(REPO, 'apps/sidebar')
const FIRST_CHAT = '/sidebar/?chat=contact:wmDemoCustomer002'
const SECOND_CHAT = '/sidebar/?chat=contact:wmDemoCustomer001'

/**
 * `vite build` of the sidebar into `outDir`. With `marked`, the build also
 * shows a「新版」line at the bottom of the page: a deploy you can see.
 */
function buildSidebar(outDir: string, marked = false): void {
  const mark = marked
    ? `{ name: 'test-mark', transform(code, id) {
         if (!id.endsWith('/src/main.ts')) return null
         return code + "\\nconst m = document.createElement('p');" +
           "m.dataset.testid = 'new-build'; m.textContent = '新版';" +
           "document.body.append(m)"
       } }`
    : ''
  const script = `
    import { build } from 'vite'
    await build({
      configFile: 'vite.config.ts',
      logLevel: 'warn',
      build: { outDir: ${JSON.stringify(outDir)}, emptyOutDir: true },
      plugins: [${mark}],
    })`
  const result = spawnSync(
    process.execPath,
    ['--input-type=module', '--eval', script],
    {
      cwd: SIDEBAR,
      encoding: 'utf8',
      // Jest's NODE_ENV=test would make Vite build for development, where
      // the app does not register its worker.
      env: { ...process.env, NODE_ENV: 'production', NO_COLOR: '1' },
    },
  )
  if (result.status !== 0) {
    throw new Error(`vite build failed:\n${result.stdout}${result.stderr}`)
  }
}

/** The cache a build's worker keeps its shell in (sw.js says). */
function shellCacheOf(dist: string): string {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8')
  return `sidebar-shell-${/"version":"([0-9a-f]+)"/.exec(sw)![1]}`
}

/** Deploys `dist` into the served folder, as a release would replace it. */
function deploy(dist: string, served: string): void {
  rmSync(served, { recursive: true, force: true })
  cpSync(dist, served, { recursive: true })
}

describeInChromium('the sidebar’s service worker', () => {
  let dir: string
  let buildA: string
  let buildB: string
  let served: string
  let api: FakeSidebarApi
  let front: Server
  let baseUrl: string
  let browser: Browser
  /** What /sidebar/* answers: the files, or a 500 as if the server broke. */
  let pagesDown = false
  const pageHits: string[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sidebar-sw-'))
    buildA = join(dir, 'a')
    buildB = join(dir, 'b')
    served = join(dir, 'served')
    buildSidebar(buildA)
    buildSidebar(buildB, true)

    api = await startFakeSidebarApi({ sidebarDist: buildA })
    const koa = new Koa<RequestState>()
    koa.use(async (ctx, next) => {
      pageHits.push(ctx.path)
      if (!pagesDown) return next()
      ctx.status = 500
      ctx.body = 'down for the test'
    })
    koa.use(serveWebApp('/sidebar', served))
    const pages = koa.callback()
    front = createServer((req, res) => {
      if (req.url?.startsWith('/sidebar')) return void pages(req, res)
      const upstream = httpRequest(
        api.baseUrl + req.url,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        },
      )
      upstream.on('error', () => res.writeHead(502).end())
      req.pipe(upstream)
    })
    await new Promise<void>((done) => front.listen(0, '127.0.0.1', done))
    baseUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`
    browser = await launchChromium()
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    front?.closeAllConnections()
    await new Promise((done) => (front ? front.close(done) : done(null)))
    await api?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  beforeEach(() => {
    api.reset()
    deploy(buildA, served)
    pagesDown = false
    pageHits.length = 0
    pageErrors.length = 0
  })

  afterEach(() => {
    expect(pageErrors).toEqual([])
  })

  async function signedIn(): Promise<BrowserContext> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 375, height: 667 },
    })
    await context.addCookies([
      { name: 'petcare_sid', value: api.sessionFor('ZhangWei'), url: baseUrl },
    ])
    return context
  }

  /** Opens `path` in the tab until the pet file shows; the page's response. */
  async function open(page: Page, path: string): Promise<Response> {
    const response = await page.goto(baseUrl + path)
    await page.getByTestId('pet-file').waitFor()
    return response!
  }

  /** Until the worker has installed this build's shell and controls `page`. */
  async function shellReady(page: Page): Promise<void> {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
      if (navigator.serviceWorker.controller) return
      await new Promise((done) =>
        navigator.serviceWorker.addEventListener('controllerchange', done, {
          once: true,
        }),
      )
    })
  }

  const cacheNames = (page: Page) => page.evaluate(() => caches.keys())

  async function newTab(context: BrowserContext): Promise<Page> {
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    page.on('pageerror', (error) => pageErrors.push(error.message))
    return page
  }

  it('opens again from its cache while the server’s page answers 500; the data still comes from the network', async () => {
    const context = await signedIn()
    const page = await newTab(context)
    expect((await open(page, FIRST_CHAT)).fromServiceWorker()).toBe(false)
    await shellReady(page)

    pagesDown = true
    api.reset()
    pageHits.length = 0
    const dataResponses: Response[] = []
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) {
        dataResponses.push(response)
      }
    })
    const second = await open(page, SECOND_CHAT)

    expect(second.fromServiceWorker()).toBe(true)
    expect(second.status()).toBe(200)
    expect(await page.getByTestId('customer-card').innerText()).toContain(
      '林晓雯',
    )
    // The server was asked (the revalidation got its 500) and the page did
    // not mind.
    expect(pageHits).toContain('/sidebar/')
    // Every piece of data went to the fake API, once: the inline script's
    // fetches took the answers the worker's Link preloads had started.
    const asked = api.requests.map((r) => `${r.method} ${r.url}`)
    for (const path of [
      '/api/auth/session',
      '/api/demo/chats',
      '/api/sidebar/contacts/wmDemoCustomer001',
    ]) {
      expect(asked.filter((line) => line === `GET ${path}`)).toHaveLength(1)
    }
    expect(dataResponses.length).toBeGreaterThanOrEqual(3)
    for (const response of dataResponses) {
      expect([response.url(), response.fromServiceWorker()]).toEqual([
        response.url(),
        false,
      ])
    }
    // Chromium's static routing sends them past the worker altogether.
    const routes = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname.startsWith('/api/'))
        .map(
          (entry) =>
            (
              entry as PerformanceResourceTiming & {
                workerMatchedSourceType?: string
              }
            ).workerMatchedSourceType,
        ),
    )
    expect(new Set(routes)).toEqual(new Set(['network']))

    // Nothing but the shell was ever cached.
    const cached = await page.evaluate(async () => {
      const urls: string[] = []
      for (const name of await caches.keys()) {
        const cache = await caches.open(name)
        for (const entry of await cache.keys()) urls.push(entry.url)
      }
      return urls
    })
    expect(cached.length).toBeGreaterThan(1)
    for (const url of cached) {
      const path = new URL(url).pathname
      expect(path).toMatch(/^\/sidebar\/(assets\/[^/]+)?$/)
    }
    await context.close()
  })

  it('has nothing to fall back on before its first visit: the server’s 500 shows', async () => {
    const context = await signedIn()
    const page = await newTab(context)
    pagesDown = true

    await page.goto(baseUrl + SECOND_CHAT)

    expect(await page.content()).toContain('down for the test')
    await context.close()
  })

  it('is skipped where there is no navigator.serviceWorker (some WeCom webviews)', async () => {
    const context = await signedIn()
    await context.addInitScript(() => {
      delete (Navigator.prototype as { serviceWorker?: unknown }).serviceWorker
    })
    const page = await newTab(context)

    await open(page, FIRST_CHAT)
    // Long enough for the page to have registered a worker if it were going to.
    await page.waitForTimeout(1000)
    expect(await page.evaluate(() => 'serviceWorker' in navigator)).toBe(false)
    expect(await cacheNames(page)).toEqual([])
    expect(pageHits).not.toContain('/sidebar/sw.js')
    await context.close()
  })

  it('picks up a deploy: the open that notices it shows the old build, the next one the new', async () => {
    const context = await signedIn()
    const page = await newTab(context)
    await open(page, FIRST_CHAT)
    await shellReady(page)
    expect(await cacheNames(page)).toEqual([shellCacheOf(buildA)])

    deploy(buildB, served)
    const noticing = await open(page, SECOND_CHAT)
    expect(noticing.fromServiceWorker()).toBe(true)
    await expect(page.getByTestId('new-build').count()).resolves.toBe(0)
    // The new worker installs the new shell and drops the old one.
    const wanted = [shellCacheOf(buildB)]
    for (let tries = 0; tries < 100; tries++) {
      if (JSON.stringify(await cacheNames(page)) === JSON.stringify(wanted)) {
        break
      }
      await page.waitForTimeout(100)
    }
    expect(await cacheNames(page)).toEqual(wanted)

    const next = await open(page, FIRST_CHAT)
    expect(next.fromServiceWorker()).toBe(true)
    await page.getByTestId('new-build').waitFor()
    expect(await page.getByTestId('new-build').innerText()).toBe('新版')
    await context.close()
  })
})
