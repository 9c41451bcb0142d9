/**
 * A stand-in for the server, for the browser tests of the sidebar and the
 * console: it serves the built pages (`apps/<app>/dist`) the way the server
 * does (at `/sidebar/` and `/console/`) and answers `/healthz` and
 * `/api/ops/summary` with whatever the test sets.
 *
 * The tests only use `PagesServer`, so this can later be swapped for the real
 * server with seeded data.
 */
import { randomUUID } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'

/** What the tests need from whatever serves the pages. */
export interface PagesServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string
  close(): Promise<void>
}

export interface FakeResponse {
  status: number
  body: unknown
  /** Waits this long before answering (to see loading states). */
  delayMs?: number
}

export interface FakeApi extends PagesServer {
  /** What `GET /healthz` answers from now on. */
  setHealth(response: FakeResponse): void
  /** What `GET /api/ops/summary` answers from now on. */
  setSummary(response: FakeResponse): void
  /** `METHOD /path` of every API request so far. */
  readonly apiRequests: string[]
}

export interface FakeApiOptions {
  /** Mount path (`/sidebar/`) → directory of a built app (`…/dist`). */
  apps: Record<string, string>
}

// ---------------------------------------------------------------- fixtures

export const ok = (body: unknown, delayMs?: number): FakeResponse => ({
  status: 200,
  body,
  ...(delayMs === undefined ? {} : { delayMs }),
})

export const healthOk = ok({ status: 'ok' })

export const summaryWithEvents = {
  mode: 'demo',
  corpId: 'wwDemoCorp0000001',
  database: 'sqlite',
  events: {
    total: 12,
    last24h: 3,
    lastReceivedAt: '2026-12-04T08:00:00.000Z',
    byType: [
      {
        event: 'change_external_contact',
        changeType: 'add_external_contact',
        count: 5,
      },
      {
        event: 'change_external_contact',
        changeType: 'del_follow_user',
        count: 2,
      },
      { event: 'change_external_chat', changeType: 'create', count: 3 },
      { event: 'change_external_chat', changeType: 'update', count: 1 },
      { event: 'vendor_specific_event', changeType: null, count: 1 },
    ],
    byStatus: [
      { status: 'pending', count: 9 },
      { status: 'done', count: 2 },
      { status: 'failed', count: 1 },
      { status: 'parked', count: 0 },
    ],
  },
} as const

export const summaryProduction = {
  ...summaryWithEvents,
  mode: 'production',
  corpId: 'ww8c1f3a5d7e9b0c21',
  database: 'mysql',
  events: {
    ...summaryWithEvents.events,
    total: 13,
    last24h: 4,
    lastReceivedAt: '2026-12-04T09:30:15.000Z',
    byType: [
      ...summaryWithEvents.events.byType,
      { event: 'change_external_tag', changeType: 'create', count: 1 },
    ],
  },
} as const

export const summaryEmpty = {
  mode: 'demo',
  corpId: 'wwDemoCorp0000001',
  database: 'sqlite',
  events: {
    total: 0,
    last24h: 0,
    lastReceivedAt: null,
    byType: [],
    byStatus: [],
  },
} as const

/** What the server answers for an unexpected failure. */
export const summaryServerError: FakeResponse = {
  status: 500,
  body: {
    error: { code: 'INTERNAL_ERROR', message: 'internal error' },
    requestId: 'req-e2e-0001',
  },
}

// ------------------------------------------------------------------ server

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Request-Id': requestId,
  })
  res.end(JSON.stringify(body))
}

function notFound(res: ServerResponse, requestId: string): void {
  sendJson(
    res,
    404,
    { error: { code: 'NOT_FOUND', message: 'Not found' }, requestId },
    requestId,
  )
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

/**
 * Serves a built app like the server does: its files, index.html for the
 * bare prefix, a JSON 404 for anything else.
 */
async function serveApp(
  res: ServerResponse,
  root: string,
  relative: string,
  requestId: string,
): Promise<void> {
  const file = resolve(root, relative === '' ? 'index.html' : relative)
  if (file !== root && !file.startsWith(root + sep)) {
    notFound(res, requestId)
    return
  }
  if (!(await isFile(file))) {
    notFound(res, requestId)
    return
  }
  const body = await readFile(file)
  const isIndex = file === join(root, 'index.html')
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': isIndex
      ? 'no-cache'
      : 'public, max-age=31536000, immutable',
  })
  res.end(body)
}

export async function startFakeApi(options: FakeApiOptions): Promise<FakeApi> {
  let health: FakeResponse = healthOk
  let summary: FakeResponse = ok(summaryWithEvents)
  const apiRequests: string[] = []
  const apps = Object.entries(options.apps).map(
    ([mount, dir]) => [mount, resolve(dir)] as const,
  )

  async function answer(res: ServerResponse, fake: FakeResponse, id: string) {
    if (fake.delayMs) {
      await new Promise((done) => setTimeout(done, fake.delayMs))
    }
    sendJson(res, fake.status, fake.body, id)
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID()
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = decodeURIComponent(url.pathname)

    if (path === '/healthz' || path.startsWith('/api/')) {
      apiRequests.push(`${req.method} ${path}`)
      if (req.method === 'GET' && path === '/healthz') {
        return answer(res, health, requestId)
      }
      if (req.method === 'GET' && path === '/api/ops/summary') {
        return answer(res, summary, requestId)
      }
      return notFound(res, requestId)
    }

    for (const [mount, dir] of apps) {
      if (path === mount.slice(0, -1)) {
        res.writeHead(301, { Location: mount + url.search })
        res.end()
        return
      }
      if (path.startsWith(mount)) {
        return serveApp(res, dir, path.slice(mount.length), requestId)
      }
    }
    return notFound(res, requestId)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const requestId = randomUUID()
      sendJson(
        res,
        500,
        {
          error: { code: 'FAKE_API_ERROR', message: String(error) },
          requestId,
        },
        requestId,
      )
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiRequests,
    setHealth(response) {
      health = response
    },
    setSummary(response) {
      summary = response
    },
    close() {
      server.closeAllConnections()
      return new Promise<void>((done, fail) =>
        server.close((error) => (error ? fail(error) : done())),
      )
    },
  }
}
