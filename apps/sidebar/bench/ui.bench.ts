/**
 * `pnpm bench:sidebar-ui`: what a member on a slow phone waits for. Prints
 *
 * - the initial JavaScript, gzipped: the entry script and its modulepreloads
 *   in dist/index.html, i.e. everything loaded before any dynamic import
 *   (budget 80 KB);
 * - the time from navigation start to the pet file on screen (the
 *   `sidebar:pet-file` performance mark) in Chromium with 4× CPU slowdown
 *   and DevTools' "Fast 3G" profile (budget 1.0 s), twice:
 *   - cold: a new browser profile, HTTP cache disabled, no service worker;
 *   - warm: the butler's next open. In one browser context (so the HTTP
 *     cache and the service worker persist) another chat is opened first,
 *     unthrottled, until the service worker is active; the worker is then
 *     stopped, as it would be hours later, and the tab navigates to a fresh
 *     chat's URL, which is timed;
 * - for each, the median of the app's other marks (`sidebar:script`,
 *   `…:session`, `…:chat`, `…:record`), to show where the time goes.
 *
 * It starts the real server in demo mode (a temporary SQLite file, its own
 * simulator), signs a butler in through the simulator's OAuth page and opens
 * two chats of theirs with a bound record. If that server cannot be started
 * it measures against the tests' fake sidebar API instead, and says so.
 *
 *   BENCH_RUNS=7 pnpm bench:sidebar-ui
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { DemoChats, SidebarView } from '@petcare/shared'
import { launchChromium } from '../../server/test/e2e/browser'
import { startFakeSidebarApi } from '../../server/test/e2e/sidebar-fake-api'

// playwright-core is the server's dependency, not the sidebar's: its types
// come through the helper that launches it.
type Browser = Awaited<ReturnType<typeof launchChromium>>
type BrowserContext = Awaited<ReturnType<Browser['newContext']>>
type Page = Awaited<ReturnType<BrowserContext['newPage']>>

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
// The sidebar package is an ES module, so there is no __dirname.
const SIDEBAR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const REPO = resolve(SIDEBAR, '../..')
const DIST = join(SIDEBAR, 'dist')

/**
 * Chrome DevTools' "Fast 3G": 1.6 Mbit/s down and 750 kbit/s up, each ×0.9,
 * and 150 ms × 3.75 of latency added to every request.
 */
const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, // 180,000 B/s
  uploadThroughput: ((750 * 1000) / 8) * 0.9, // 84,375 B/s
}
const CPU_SLOWDOWN = 4
/** BENCH_TRACE=1 prints every timed load's requests, for finding the time. */
const TRACE = process.env.BENCH_TRACE === '1'

interface Target {
  kind: 'real' | 'fake'
  baseUrl: string
  /** The chat that is timed. */
  path: string
  /** Another chat, opened first on a warm run. */
  primePath: string
  cookies: { name: string; value: string }[]
  close(): Promise<void>
}

function initialJs(): { files: string[]; raw: number; gzip: number } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8')
  const files = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((match) => match[1]!.replace(/^\/sidebar\//, ''))
  let raw = 0
  let gzip = 0
  for (const file of files) {
    const body = readFileSync(join(DIST, file))
    raw += body.length
    gzip += gzipSync(body, { level: 9 }).length
  }
  return { files, raw, gzip }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
    server.on('error', fail)
  })
}

function cookiesOf(response: Response, jar: Map<string, string>): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';')
    const [name, value] = pair!.split('=') as [string, string]
    if (value) jar.set(name, value)
    else jar.delete(name)
  }
}

/** start → the simulator's page, as `userId` → callback: the session cookie. */
async function signIn(
  base: string,
  userId: string,
): Promise<Map<string, string>> {
  const jar = new Map<string, string>()
  const start = await fetch(
    `${base}/api/auth/oauth/start?return=%2Fsidebar%2F`,
    {
      redirect: 'manual',
    },
  )
  cookiesOf(start, jar)
  const authorize = new URL(start.headers.get('location')!)
  authorize.searchParams.set('userid', userId)
  const picked = await fetch(authorize, { redirect: 'manual' })
  const header = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const callback = await fetch(picked.headers.get('location')!, {
    headers: { cookie: header },
    redirect: 'manual',
  })
  cookiesOf(callback, jar)
  return jar
}

async function until<T>(
  what: string,
  read: () => Promise<T | null>,
): Promise<T> {
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    const value = await read().catch(() => null)
    if (value !== null) return value
    await new Promise((done) => setTimeout(done, 1000))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** The real server in demo mode, and two of a butler's chats with a record. */
async function startRealServer(): Promise<Target> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'sidebar-bench-'))
  const child: ChildProcess = spawn(
    join(REPO, 'node_modules/.bin/tsx'),
    ['src/main.ts'],
    {
      cwd: join(REPO, 'apps/server'),
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const base = `http://127.0.0.1:${port}`
  const stop = async () => {
    child.kill('SIGINT')
    await new Promise((done) => child.once('exit', done))
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await until('the server', async () =>
      (await fetch(`${base}/readyz`)).ok ? true : null,
    )
    // Members exist once the first re-sync has run; take a butler from the
    // simulator's picker with two chats that have a bound record.
    const target = await until(
      'a signed-in butler with two bound chats',
      async () => {
        const start = await fetch(`${base}/api/auth/oauth/start?return=%2F`, {
          redirect: 'manual',
        })
        const page = await (await fetch(start.headers.get('location')!)).text()
        const users = [...page.matchAll(/userid=([A-Za-z0-9_-]+)/g)].map(
          (m) => m[1]!,
        )
        for (const userId of users.slice(0, 12)) {
          const jar = await signIn(base, userId)
          const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
          const chats = await fetch(`${base}/api/demo/chats`, {
            headers: { cookie },
          })
          if (!chats.ok) continue
          const paths: string[] = []
          for (const contact of ((await chats.json()) as DemoChats).contacts) {
            const view = await fetch(
              `${base}/api/sidebar/contacts/${contact.externalUserId}`,
              { headers: { cookie } },
            )
            if (
              view.ok &&
              ((await view.json()) as SidebarView).record?.pets.length
            ) {
              paths.push(`/sidebar/?chat=contact:${contact.externalUserId}`)
            }
            if (paths.length === 2) {
              return { jar, path: paths[0]!, primePath: paths[1]! }
            }
          }
        }
        return null
      },
    )
    return {
      kind: 'real',
      baseUrl: base,
      path: target.path,
      primePath: target.primePath,
      cookies: [...target.jar].map(([name, value]) => ({ name, value })),
      close: stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

async function startFake(): Promise<Target> {
  const api = await startFakeSidebarApi({ sidebarDist: DIST })
  return {
    kind: 'fake',
    baseUrl: api.baseUrl,
    path: '/sidebar/?chat=contact:wmDemoCustomer001',
    primePath: '/sidebar/?chat=contact:wmDemoCustomer002',
    cookies: [{ name: 'petcare_sid', value: api.sessionFor('ZhangWei') }],
    close: () => api.close(),
  }
}

const MARKS = ['script', 'session', 'chat', 'record', 'pet-file'] as const
type Marks = Record<(typeof MARKS)[number], number>

interface Load {
  marks: Marks
  /** Whether index.html came from the service worker. */
  fromWorker: boolean
}

async function newContext(
  browser: Browser,
  target: Target,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 375, height: 667 },
  })
  await context.addCookies(
    target.cookies.map((c) => ({ ...c, url: target.baseUrl })),
  )
  return context
}

/** Navigates `page` to `path`, throttled, until the pet file shows. */
async function timedLoad(
  page: Page,
  target: Target,
  path: string,
  cold: boolean,
): Promise<Load> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  if (cold) await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  await cdp.send('Network.emulateNetworkConditions', FAST_3G)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN })

  const response = await page.goto(target.baseUrl + path, {
    waitUntil: 'commit',
    timeout: 60_000,
  })
  await page.waitForFunction(
    () => performance.getEntriesByName('sidebar:pet-file').length > 0,
    null,
    { timeout: 60_000, polling: 50 },
  )
  const marks = await page.evaluate((names) => {
    const at: Record<string, number> = {}
    for (const name of names) {
      at[name] =
        performance.getEntriesByName(`sidebar:${name}`)[0]?.startTime ?? NaN
    }
    return at
  }, MARKS)
  if (TRACE) console.log(await page.evaluate(timeline))
  await cdp.detach()
  return {
    marks: marks as Marks,
    fromWorker: response?.fromServiceWorker() ?? false,
  }
}

/**
 * In the page: when the document and each request started and ended, in ms
 * after navigation. (No inner functions: tsx would wrap them in a helper
 * the page does not have.)
 */
function timeline(): string {
  const [nav] = performance.getEntriesByType(
    'navigation',
  ) as PerformanceNavigationTiming[]
  const lines: string[] = []
  if (nav) {
    lines.push(
      `    document: worker ${Math.round(nav.workerStart)}, ` +
        `response ${Math.round(nav.responseStart)}–${Math.round(nav.responseEnd)}, ` +
        `DOMContentLoaded ${Math.round(nav.domContentLoadedEventEnd)}`,
    )
  }
  for (const entry of performance.getEntriesByType(
    'resource',
  ) as PerformanceResourceTiming[]) {
    lines.push(
      `    ${Math.round(entry.startTime)}–${Math.round(entry.responseEnd)} ` +
        `(first byte ${Math.round(entry.responseStart)}, ${entry.encodedBodySize} B) ` +
        `${new URL(entry.name).pathname}${entry.workerStart > 0 ? ' [worker]' : ''}`,
    )
  }
  for (const mark of performance.getEntriesByType('mark')) {
    lines.push(`    ${Math.round(mark.startTime)} ${mark.name}`)
  }
  return lines.join('\n')
}

/** A first visit: a new profile, nothing cached, no service worker. */
async function coldLoad(browser: Browser, target: Target): Promise<Load> {
  const context = await newContext(browser, target)
  try {
    return await timedLoad(await context.newPage(), target, target.path, true)
  } finally {
    await context.close()
  }
}

/**
 * The next visit: another chat opened first, unthrottled, until the service
 * worker is active (its install has cached the shell); the worker stopped,
 * as the browser does a while after; then the same tab navigates to the
 * timed chat.
 */
async function warmLoad(browser: Browser, target: Target): Promise<Load> {
  const context = await newContext(browser, target)
  try {
    const page = await context.newPage()
    await page.goto(target.baseUrl + target.primePath)
    await page.waitForFunction(
      () => performance.getEntriesByName('sidebar:pet-file').length > 0,
      null,
      { timeout: 60_000 },
    )
    // `ready` waits for as long as the install fails, e.g. when something
    // rebuilds dist/ under the server meanwhile.
    const active = await page.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise<boolean>((done) => setTimeout(() => done(false), 60_000)),
      ]),
    )
    if (!active) {
      throw new Error('the service worker did not activate within 60 s')
    }
    const cdp = await context.newCDPSession(page)
    await cdp.send('ServiceWorker.enable')
    await cdp.send('ServiceWorker.stopAllWorkers')
    await cdp.detach()
    return await timedLoad(page, target, target.path, false)
  } finally {
    await context.close()
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function report(name: string, loads: Load[], kind: Target['kind']): void {
  const times = loads.map((load) => load.marks['pet-file'])
  const mid = median(times)
  const steps = MARKS.map(
    (mark) =>
      `${mark} ${Math.round(median(loads.map((load) => load.marks[mark])))}`,
  ).join(', ')
  const fromWorker = loads.filter((load) => load.fromWorker).length
  console.log(
    `${name}: pet file visible (median of ${loads.length}, ${kind} server): ` +
      `${Math.round(mid)} ms (target 1000 ms: ${mid <= 1000 ? 'met' : 'MISSED'})`,
  )
  console.log(`  median ms after navigation: ${steps}`)
  console.log(
    `  index.html from the service worker in ${fromWorker} of ${loads.length}`,
  )
}

async function main(): Promise<void> {
  const build = spawnSync(
    join(SIDEBAR, 'node_modules/.bin/vite'),
    ['build', '--logLevel', 'warn'],
    {
      cwd: SIDEBAR,
      stdio: 'inherit',
    },
  )
  if (build.status !== 0) throw new Error('vite build failed')

  const js = initialJs()
  console.log(`initial JS (before any dynamic import): ${js.files.join(', ')}`)
  console.log(
    `  ${(js.raw / 1024).toFixed(1)} KB raw, ${(js.gzip / 1024).toFixed(1)} KB gzip ` +
      `(target 80 KB gzip: ${js.gzip <= 80 * 1024 ? 'met' : 'MISSED'})`,
  )

  let target: Target
  try {
    target = await startRealServer()
    console.log(`server: the real server in demo mode at ${target.baseUrl}`)
  } catch (error) {
    console.log(
      `server: the real server did not start (${String(error)}); measuring against the FAKE sidebar API`,
    )
    target = await startFake()
  }

  const browser = await launchChromium()
  const cold: Load[] = []
  const warm: Load[] = []
  try {
    console.log(
      `network: latency ${FAST_3G.latency} ms, down ${FAST_3G.downloadThroughput} B/s, ` +
        `up ${FAST_3G.uploadThroughput} B/s; CPU ${CPU_SLOWDOWN}× slower; ${target.path} ` +
        `(warm: after ${target.primePath})`,
    )
    for (let run = 0; run < RUNS; run++) {
      const load = await coldLoad(browser, target)
      cold.push(load)
      console.log(
        `  cold run ${run + 1}: pet file visible after ${Math.round(load.marks['pet-file'])} ms`,
      )
    }
    for (let run = 0; run < RUNS; run++) {
      const load = await warmLoad(browser, target)
      warm.push(load)
      console.log(
        `  warm run ${run + 1}: pet file visible after ${Math.round(load.marks['pet-file'])} ms` +
          (load.fromWorker ? '' : ' (index.html NOT from the service worker)'),
      )
    }
  } finally {
    await browser.close()
    await target.close()
  }

  report('cold (first visit)', cold, target.kind)
  report('warm (shell cached)', warm, target.kind)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
