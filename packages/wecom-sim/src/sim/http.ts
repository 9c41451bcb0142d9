import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { answerAuthorize } from './authorize'
import { answerAvatar, AVATAR_PATH } from './avatars'
import type { SimContext } from './context'
import { errorBody, SIM_ERRORS, SimActionError, SimApiError } from './errcodes'

/** A parsed request, as a route sees it. */
export interface SimRequest {
  method: string
  path: string
  query: URLSearchParams
  /** `:name` segments of the route pattern. */
  params: Record<string, string>
  /** The JSON body, or `{}` when there is none or it is multipart. */
  body: Record<string, unknown>
  /** The body as received, for multipart uploads. */
  raw: Buffer
  /** The `content-type` header, '' when absent. */
  contentType: string
}

/** A route: returns the fields to answer with, or throws. */
export type SimHandler = (request: SimRequest) => unknown

interface Route {
  method: string
  segments: string[]
  handler: SimHandler
}

/** A small router: exact segments and `:name` parameters. */
export class SimRouter {
  private readonly routes: Route[] = []

  /** `method` '*' matches any method (WeCom does not check it strictly). */
  on(method: string, pattern: string, handler: SimHandler): this {
    this.routes.push({ method, segments: pattern.split('/'), handler })
    return this
  }

  match(
    method: string,
    path: string,
  ): { handler: SimHandler; params: Record<string, string> } | undefined {
    const segments = path.split('/')
    for (const route of this.routes) {
      if (route.method !== '*' && route.method !== method) {
        continue
      }
      const params = matchSegments(route.segments, segments)
      if (params) {
        return { handler: route.handler, params }
      }
    }
    return undefined
  }
}

function matchSegments(
  pattern: string[],
  path: string[],
): Record<string, string> | undefined {
  if (pattern.length !== path.length) {
    return undefined
  }
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string
    const actual = path[i] as string
    if (expected.startsWith(':')) {
      params[expected.slice(1)] = decodeURIComponent(actual)
    } else if (expected !== actual) {
      return undefined
    }
  }
  return params
}

/** Paths that need no access token. */
const PUBLIC_APIS = new Set(['/cgi-bin/gettoken'])
/** A valid OAuth code call is exempt from the frequency limits (doc 90454). */
const UNMETERED_APIS = new Set(['/cgi-bin/auth/getuserinfo'])
const MAX_BODY = 1024 * 1024
/** Uploads may carry a 10 MB image (WeCom's limit) and the multipart framing. */
const UPLOAD_APIS = new Set(['/cgi-bin/media/upload'])
const MAX_UPLOAD_BODY = 10 * 1024 * 1024 + 64 * 1024

/**
 * The simulator's HTTP server: WeCom's API under `/cgi-bin/`, answered
 * WeCom's way (HTTP 200, `errcode`/`errmsg`), the admin API under `/sim/`,
 * the OAuth page and the avatars.
 */
export function createSimServer(
  context: SimContext,
  routers: { api: SimRouter; admin: SimRouter },
): Server {
  return createServer((req, res) => {
    handle(context, routers, req, res).catch((error: unknown) => {
      sendJson(res, 500, {
        error: { code: 'SIM_INTERNAL', message: String(error) },
      })
    })
  })
}

async function handle(
  context: SimContext,
  routers: { api: SimRouter; admin: SimRouter },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator')
  const method = req.method ?? 'GET'
  const upload = UPLOAD_APIS.has(url.pathname)
  const raw = await readBody(req, upload ? MAX_UPLOAD_BODY : MAX_BODY)
  if (raw === null && upload) {
    // WeCom answers an oversized file with an errcode, not a broken socket.
    sendJson(res, 200, errorBody(SIM_ERRORS.INVALID_FILE_SIZE[0]))
    return
  }
  if (raw === null) {
    throw new Error(`request body over ${MAX_BODY} bytes`)
  }
  const contentType = req.headers['content-type'] ?? ''

  if (url.pathname.startsWith('/cgi-bin/')) {
    sendJson(
      res,
      200,
      await answerApi(context, routers.api, method, url, raw, contentType),
    )
    return
  }
  if (url.pathname === '/sim' || url.pathname.startsWith('/sim/')) {
    const { status, body } = await answerAdmin(
      routers.admin,
      method,
      url,
      raw,
      contentType,
    )
    sendJson(res, status, body)
    return
  }
  if (url.pathname === '/connect/oauth2/authorize') {
    answerAuthorize(context, url, res)
    return
  }
  if (url.pathname.startsWith(AVATAR_PATH) && method === 'GET') {
    answerAvatar(context, url.pathname, res)
    return
  }
  sendJson(res, 404, {
    error: { code: 'NOT_FOUND', message: 'try /cgi-bin/… or GET /sim/state' },
  })
}

async function answerApi(
  context: SimContext,
  router: SimRouter,
  method: string,
  url: URL,
  raw: Buffer,
  contentType: string,
): Promise<Record<string, unknown>> {
  const path = url.pathname
  const fault = context.faults.take(path)
  if (fault?.delayMs) {
    await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
  }
  if (fault?.errcode !== undefined) {
    return errorBody(fault.errcode)
  }

  const route = router.match(method, path)
  try {
    if (!route) {
      throw router.match('POST', path)
        ? new SimApiError('POST_REQUIRED', `${path} takes a POST`)
        : new SimApiError('NOT_SIMULATED', `${path} is not simulated`)
    }
    if (!PUBLIC_APIS.has(path)) {
      context.tokens.authorize(url.searchParams.get('access_token'), {
        exempt: UNMETERED_APIS.has(path),
      })
    }
    const multipart = /^multipart\/form-data\b/i.test(contentType)
    const body = multipart ? {} : parseJson(raw.toString('utf8'))
    if (body === undefined) {
      throw new SimApiError('INVALID_PARAMETER', 'body is not a JSON object')
    }
    const result = await route.handler({
      method,
      path,
      query: url.searchParams,
      params: route.params,
      body,
      raw,
      contentType,
    })
    return { errcode: 0, errmsg: 'ok', ...(result as object) }
  } catch (error) {
    if (error instanceof SimApiError) {
      return { errcode: error.errcode, errmsg: error.errmsg }
    }
    throw error
  }
}

async function answerAdmin(
  router: SimRouter,
  method: string,
  url: URL,
  raw: Buffer,
  contentType: string,
): Promise<{ status: number; body: unknown }> {
  const route = router.match(method, url.pathname)
  if (!route) {
    const message = `no admin route ${method} ${url.pathname}`
    return { status: 404, body: { error: { code: 'NOT_FOUND', message } } }
  }
  const body = parseJson(raw.toString('utf8'))
  if (body === undefined) {
    const message = 'the body must be a JSON object'
    return { status: 400, body: { error: { code: 'BAD_JSON', message } } }
  }
  try {
    const result = await route.handler({
      method,
      path: url.pathname,
      query: url.searchParams,
      params: route.params,
      body,
      raw,
      contentType,
    })
    return { status: 200, body: result ?? {} }
  } catch (error) {
    if (error instanceof SimActionError) {
      const { code, message } = error
      return { status: error.status, body: { error: { code, message } } }
    }
    throw error
  }
}

/** `{}` for an empty body, undefined when it is not a JSON object. */
function parseJson(raw: string): Record<string, unknown> | undefined {
  if (raw.trim() === '') {
    return {}
  }
  try {
    const value: unknown = JSON.parse(raw)
    const isObject =
      typeof value === 'object' && value !== null && !Array.isArray(value)
    return isObject ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/**
 * The body, or null when it is over `limit` bytes. The rest is still read
 * (and dropped), so the client gets an answer rather than a reset socket.
 */
async function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size <= limit) {
      chunks.push(chunk as Buffer)
    }
  }
  return size > limit ? null : Buffer.concat(chunks)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}
