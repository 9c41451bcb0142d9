/**
 * A stand-in for the server's sidebar API (packages/shared/src/sidebar.ts),
 * for the sidebar's browser tests and its benchmark until the real endpoints
 * land: sessions with a cookie, the OAuth round trip through a member picker
 * like the demo's, JS-SDK signatures, the chat views, history pages, quick
 * replies, notes and bindings, all from `sidebar-fake-data.ts`. It serves
 * the built page at /sidebar/ the way the server does.
 *
 * Tests change what it answers with `fail` (an error or a delay for one
 * route) and `setMode` (demo or production); `requests` lists every call.
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
import type {
  CustomerCandidate,
  DemoChats,
  FollowUpNote,
  NoteRequest,
  QuickReply,
  RecordView,
  SidebarPet,
  SidebarView,
  VisitSummary,
} from '@petcare/shared'
import {
  buildFakeData,
  DEFAULT_TODAY,
  type FakeData,
  MEMBERS,
  sessionOf,
} from './sidebar-fake-data'

export interface FakeSidebarApi {
  baseUrl: string
  data: FakeData
  /** `METHOD /path?query` of every API request, with its JSON body. */
  requests: { method: string; url: string; body: unknown }[]
  /** demo (the default) answers /api/demo/chats; production does not. */
  setMode(mode: 'demo' | 'production'): void
  /**
   * From now on, `METHOD path` (path matched as a RegExp) answers `status`
   * with an error body, or waits `delayMs` first; `times` limits how often.
   */
  fail(
    route: string,
    answer: {
      status?: number
      code?: string
      delayMs?: number
      times?: number
    },
  ): void
  /** A session cookie value for a member, to start signed in. */
  sessionFor(userId: string): string
  reset(): void
  close(): Promise<void>
}

const COOKIE = 'petcare_sid'

interface Fault {
  method: string
  path: RegExp
  status?: number
  code?: string
  delayMs?: number
  times: number
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export async function startFakeSidebarApi(options: {
  sidebarDist: string
  today?: string
}): Promise<FakeSidebarApi> {
  const today = options.today ?? DEFAULT_TODAY
  const root = resolve(options.sidebarDist)
  let data = buildFakeData(today)
  let mode: 'demo' | 'production' = 'demo'
  let faults: Fault[] = []
  const sessions = new Map<string, string>()
  const requests: FakeSidebarApi['requests'] = []

  function member(req: IncomingMessage) {
    const cookie = req.headers.cookie ?? ''
    const sid = /(?:^|;\s*)petcare_sid=([^;]+)/.exec(cookie)?.[1]
    const userId = sid ? sessions.get(sid) : undefined
    const found = MEMBERS.find((m) => m.userId === userId)
    if (!found) throw new HttpError(401, 'UNAUTHENTICATED', 'sign in first')
    return found
  }

  function issue(userId: string): string {
    const sid = randomUUID()
    sessions.set(sid, userId)
    return sid
  }

  // ---------------------------------------------------------------- views

  function summary(visit: FakeData['visits'][number]): VisitSummary {
    const { history: _h, exam: _e, labs: _l, ...rest } = visit
    return rest
  }

  function visitsOf(petId: string) {
    return data.visits
      .filter((v) => v.petId === petId)
      .sort((a, b) => b.visitedAt.localeCompare(a.visitedAt))
  }

  function pet(petId: string): SidebarPet {
    const base = data.pets.get(petId)!
    const visits = visitsOf(petId)
    return {
      ...base,
      recentVisits: visits.slice(0, 5).map(summary),
      visitCount: visits.length,
    }
  }

  function recordOf(
    customerId: string,
    source: RecordView['source'],
    focusPetId: string | null,
  ): RecordView | null {
    const customer = data.customers.get(customerId)
    if (!customer) return null
    const { fullPhone: _p, petIds, ...view } = customer
    return {
      customer: view,
      source,
      pets: petIds.map(pet),
      focusPetId,
      notes: data.notes.filter((n) => n.customerId === customerId),
    }
  }

  function contactView(externalUserId: string): SidebarView {
    const contact = data.contacts.get(externalUserId)
    if (!contact) throw new HttpError(404, 'NOT_FOUND', 'no such contact')
    const binding = data.bindings.get(externalUserId)
    const record = binding
      ? recordOf(
          binding.customerId,
          {
            via: 'binding',
            method: binding.method,
            boundAt: binding.boundAt,
            boundBy: binding.boundBy,
          },
          null,
        )
      : null
    return { kind: 'contact', contact, record, today }
  }

  function groupView(chatId: string): SidebarView {
    const group = data.groups.get(chatId)
    if (!group) throw new HttpError(404, 'NOT_FOUND', 'no such group')
    const parsed = group.parsedName
    const customer = parsed ? data.customers.get(parsed.customerId) : undefined
    const focus =
      customer?.petIds.find(
        (id) => data.pets.get(id)?.name === parsed?.petName,
      ) ?? null
    const record = parsed
      ? recordOf(
          parsed.customerId,
          {
            via: 'group_name',
            method: 'group_name',
            boundAt: null,
            boundBy: null,
          },
          focus,
        )
      : null
    return { kind: 'group', group, record, today }
  }

  // ------------------------------------------------------- quick replies

  function fill(
    reply: FakeData['replies'][number],
    vars: Record<string, string | null>,
  ): QuickReply {
    const missing: string[] = []
    const filled = reply.content.replace(
      /\{\{(\w+)\}\}/g,
      (whole, name: string) => {
        const value = vars[name]
        if (value) return value
        if (!missing.includes(name)) missing.push(name)
        return whole
      },
    )
    return { ...reply, filled, missing }
  }

  function quickReplies(url: URL, who: ReturnType<typeof member>) {
    const externalUserId = url.searchParams.get('externalUserId')
    const chatId = url.searchParams.get('chatId')
    if (!externalUserId && !chatId) {
      throw new HttpError(
        400,
        'VALIDATION_FAILED',
        'externalUserId or chatId is required',
      )
    }
    const view = externalUserId
      ? contactView(externalUserId)
      : groupView(chatId!)
    const record = view.record
    const petId =
      url.searchParams.get('petId') ?? record?.focusPetId ?? record?.pets[0]?.id
    const chosen = record?.pets.find((p) => p.id === petId) ?? null
    const due = chosen?.vaccines.find((v) =>
      ['due_soon', 'due', 'overdue'].includes(v.status),
    )
    const vars = {
      customerName: record?.customer.name ?? null,
      petName: chosen?.name ?? null,
      hospital: record?.customer.hospital?.name ?? null,
      dueDate: due?.nextDueOn ?? null,
      memberName: who.name,
    }
    const q = url.searchParams.get('q')?.trim() ?? ''
    const replies = data.replies
      .map((reply) => fill(reply, vars))
      .filter(
        (r) =>
          !q ||
          r.title.includes(q) ||
          r.filled.includes(q) ||
          r.category.includes(q),
      )
    return {
      categories: [...new Set(data.replies.map((r) => r.category))],
      replies,
    }
  }

  // -------------------------------------------------------------- routes

  async function api(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: unknown,
  ) {
    const method = req.method ?? 'GET'
    const path = url.pathname

    if (method === 'GET' && path === '/api/auth/oauth/start') {
      const back = url.searchParams.get('return') ?? '/sidebar/'
      const state = encodeURIComponent(back)
      return redirect(res, `/fake-wecom/authorize?state=${state}`)
    }
    if (method === 'GET' && path === '/api/auth/oauth/callback') {
      const userId = url.searchParams.get('code') ?? ''
      const back = url.searchParams.get('state') ?? '/sidebar/'
      if (!MEMBERS.some((m) => m.userId === userId)) {
        throw new HttpError(400, 'OAUTH_CODE_INVALID', 'unknown code')
      }
      const safe =
        back.startsWith('/') && !back.startsWith('//') ? back : '/sidebar/'
      res.setHeader(
        'Set-Cookie',
        `${COOKIE}=${issue(userId)}; Path=/; HttpOnly; SameSite=Lax`,
      )
      return redirect(res, safe)
    }
    if (method === 'GET' && path === '/api/app-info') {
      // Public, as on the server: where a signed-out page learns the mode.
      return { mode, corpId: 'wwDemoCorp0000001', agentId: '1000002' }
    }
    if (method === 'GET' && path === '/api/ops/summary') {
      return {
        mode,
        corpId: 'wwDemoCorp0000001',
        database: 'sqlite',
        events: {
          total: 0,
          last24h: 0,
          lastReceivedAt: null,
          byType: [],
          byStatus: [],
        },
      }
    }

    const who = member(req)
    if (method === 'GET' && path === '/api/demo/chats') {
      if (mode !== 'demo') throw new HttpError(404, 'NOT_FOUND', 'Not found')
      // Every contact and group, with what tells equal names apart; `q`
      // as the server reads it, on names, customer IDs and pet names.
      const q = (url.searchParams.get('q') ?? '').trim().toLowerCase()
      const contacts = [...data.contacts.values()].map((contact) => {
        const customerId =
          data.bindings.get(contact.externalUserId)?.customerId ?? null
        const customer = customerId ? data.customers.get(customerId) : null
        return {
          externalUserId: contact.externalUserId,
          name: contact.name,
          customerId,
          hospital: customer?.hospital?.name ?? null,
          petNames: (customer?.petIds ?? []).map(
            (id) => data.pets.get(id)!.name,
          ),
        }
      })
      const chats: DemoChats = {
        ready: true,
        more: false,
        contacts: contacts.filter(
          (c) =>
            !q ||
            [c.name, c.customerId ?? '', ...c.petNames].some((text) =>
              text.toLowerCase().includes(q),
            ),
        ),
        groups: [...data.groups.values()]
          .filter((g) => !q || g.name.toLowerCase().includes(q))
          .map((g) => ({
            chatId: g.chatId,
            name: g.name,
            owner: g.owner?.name ?? null,
          })),
      }
      return chats
    }

    if (method === 'GET' && path === '/api/auth/session')
      return sessionOf(who, mode)
    if (method === 'POST' && path === '/api/auth/logout') return { ok: true }
    if (method === 'POST' && path === '/api/wecom/jssdk-sign') {
      const { url: signed, kind } = body as { url?: string; kind?: string }
      if (!signed || (kind !== 'corp' && kind !== 'agent')) {
        throw new HttpError(
          400,
          'VALIDATION_FAILED',
          'url and kind are required',
        )
      }
      return {
        corpId: 'wwDemoCorp0000001',
        agentId: '1000002',
        timestamp: 1780000000,
        nonceStr: 'fakeNonce',
        signature: 'f'.repeat(40),
      }
    }

    let match: RegExpExecArray | null
    if (
      method === 'GET' &&
      (match = /^\/api\/sidebar\/contacts\/([^/]+)$/.exec(path))
    ) {
      return contactView(decodeURIComponent(match[1]!))
    }
    if (
      method === 'GET' &&
      (match = /^\/api\/sidebar\/groups\/([^/]+)$/.exec(path))
    ) {
      return groupView(decodeURIComponent(match[1]!))
    }
    if (
      method === 'GET' &&
      (match = /^\/api\/sidebar\/pets\/([^/]+)\/visits$/.exec(path))
    ) {
      const petId = decodeURIComponent(match[1]!)
      if (!data.pets.has(petId))
        throw new HttpError(404, 'NOT_FOUND', 'no such pet')
      const all = visitsOf(petId)
      const before = url.searchParams.get('before')
      const limit = Math.min(
        Number(url.searchParams.get('limit') ?? 10) || 10,
        50,
      )
      const start = before ? all.findIndex((v) => v.id === before) + 1 : 0
      const page = all.slice(start, start + limit)
      const next = start + limit < all.length ? page.at(-1)!.id : null
      return { visits: page.map(summary), next }
    }
    if (
      method === 'GET' &&
      (match = /^\/api\/sidebar\/visits\/([^/]+)$/.exec(path))
    ) {
      const visit = data.visits.find(
        (v) => v.id === decodeURIComponent(match![1]!),
      )
      if (!visit) throw new HttpError(404, 'NOT_FOUND', 'no such visit')
      return visit
    }
    if (method === 'GET' && path === '/api/sidebar/quick-replies') {
      return quickReplies(url, who)
    }
    if (
      method === 'POST' &&
      (match = /^\/api\/sidebar\/quick-replies\/([^/]+)\/media$/.exec(path))
    ) {
      // The real server uploads the image to WeCom; a made-up id will do.
      const id = decodeURIComponent(match[1]!)
      const reply = data.replies.find((r) => r.id === id)
      if (!reply) throw new HttpError(404, 'NOT_FOUND', 'no such quick reply')
      if (reply.kind !== 'image')
        throw new HttpError(400, 'VALIDATION_FAILED', 'not an image reply')
      return { mediaId: `fake-media-${id}` }
    }
    if (
      method === 'POST' &&
      (match = /^\/api\/sidebar\/quick-replies\/([^/]+)\/used$/.exec(path))
    ) {
      const id = decodeURIComponent(match[1]!)
      if (!data.replies.some((r) => r.id === id)) {
        throw new HttpError(404, 'NOT_FOUND', 'no such quick reply')
      }
      res.statusCode = 204
      return undefined
    }
    if (method === 'POST' && path === '/api/sidebar/notes') {
      const request = body as NoteRequest
      if (!request?.text?.trim())
        throw new HttpError(400, 'VALIDATION_FAILED', 'text is required')
      const view = request.externalUserId
        ? contactView(request.externalUserId)
        : groupView(request.chatId ?? '')
      const note: FollowUpNote = {
        id: `N${data.notes.length + 1}-${randomUUID().slice(0, 6)}`,
        customerId: view.record?.customer.id ?? null,
        externalUserId: request.externalUserId ?? null,
        petId: request.petId ?? null,
        author: { userId: who.userId, name: who.name },
        text: request.text.trim(),
        remindOn: request.remindOn ?? null,
        doneAt: null,
        createdAt: new Date().toISOString(),
      }
      data.notes.unshift(note)
      res.statusCode = 201
      return note
    }
    if (
      method === 'PATCH' &&
      (match = /^\/api\/sidebar\/notes\/([^/]+)$/.exec(path))
    ) {
      const note = data.notes.find(
        (n) => n.id === decodeURIComponent(match![1]!),
      )
      if (!note) throw new HttpError(404, 'NOT_FOUND', 'no such note')
      if ((body as { done?: unknown })?.done === true)
        note.doneAt ??= new Date().toISOString()
      return note
    }
    if (method === 'GET' && path === '/api/sidebar/customers') {
      const q = (url.searchParams.get('q') ?? '').trim().toUpperCase()
      if (q.length < 3)
        throw new HttpError(400, 'VALIDATION_FAILED', 'q is too short')
      const found: CustomerCandidate[] = []
      for (const customer of data.customers.values()) {
        if (customer.id !== q && customer.fullPhone !== q) continue
        const { fullPhone: _p, petIds, ...view } = customer
        const boundTo =
          [...data.bindings].find(
            ([, b]) => b.customerId === customer.id,
          )?.[0] ?? null
        found.push({
          ...view,
          pets: petIds.map((id) => {
            const p = data.pets.get(id)!
            return { id, name: p.name, species: p.species }
          }),
          boundTo,
        })
      }
      return { customers: found }
    }
    if (method === 'POST' && path === '/api/sidebar/bindings') {
      const request = body as {
        externalUserId?: string
        customerId?: string
        phone?: string
        create?: { name: string; phone?: string; hospitalId?: string }
      }
      if (
        !request?.externalUserId ||
        !data.contacts.has(request.externalUserId)
      ) {
        throw new HttpError(404, 'NOT_FOUND', 'no such contact')
      }
      if (data.bindings.has(request.externalUserId)) {
        throw new HttpError(
          409,
          'ALREADY_BOUND',
          'this customer is bound already',
        )
      }
      let customerId: string
      let methodName: 'phone' | 'customer_id' | 'created'
      if (request.create) {
        customerId = `C${20000 + data.customers.size}`
        data.customers.set(customerId, {
          id: customerId,
          name: request.create.name,
          phone: request.create.phone
            ? `${request.create.phone.slice(0, 3)}****${request.create.phone.slice(-4)}`
            : null,
          fullPhone: request.create.phone ?? null,
          hospital: request.create.hospitalId
            ? {
                id: request.create.hospitalId,
                name:
                  request.create.hospitalId === 'H102'
                    ? '静安宠物医院'
                    : '徐汇宠物医院',
              }
            : null,
          note: null,
          petIds: [],
        })
        methodName = 'created'
      } else {
        const customer = [...data.customers.values()].find(
          (c) =>
            c.id === request.customerId ||
            (request.phone && c.fullPhone === request.phone),
        )
        if (!customer) throw new HttpError(404, 'NOT_FOUND', 'no such customer')
        if (
          [...data.bindings.values()].some((b) => b.customerId === customer.id)
        ) {
          throw new HttpError(
            409,
            'ALREADY_BOUND',
            'that record is bound to another customer',
          )
        }
        customerId = customer.id
        methodName = request.customerId ? 'customer_id' : 'phone'
      }
      data.bindings.set(request.externalUserId, {
        customerId,
        method: methodName,
        boundAt: new Date().toISOString(),
        boundBy: { userId: who.userId, name: who.name },
      })
      // As the server: the chat's new view.
      return contactView(request.externalUserId)
    }
    if (
      method === 'DELETE' &&
      (match = /^\/api\/sidebar\/bindings\/([^/]+)$/.exec(path))
    ) {
      if (!data.bindings.delete(decodeURIComponent(match[1]!))) {
        throw new HttpError(404, 'NOT_FOUND', 'not bound')
      }
      res.statusCode = 204
      return undefined
    }
    throw new HttpError(404, 'NOT_FOUND', 'Not found')
  }

  // ---------------------------------------------------------------- http

  function redirect(res: ServerResponse, location: string): symbol {
    res.writeHead(302, { Location: location })
    res.end()
    return HANDLED
  }

  function authorizePage(url: URL): string {
    const state = url.searchParams.get('state') ?? '/sidebar/'
    const links = MEMBERS.map(
      (m) =>
        `<li><a href="/api/auth/oauth/callback?code=${m.userId}&state=${encodeURIComponent(state)}">${m.name}（${m.userId}）</a></li>`,
    ).join('')
    return `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>企业微信授权（模拟）</title><h1>选择登录的成员</h1><ul>${links}</ul>`
  }

  async function serveFile(
    res: ServerResponse,
    relative: string,
  ): Promise<void> {
    const file = resolve(root, relative === '' ? 'index.html' : relative)
    const inside = file === root || file.startsWith(root + sep)
    const isFile =
      inside &&
      (await stat(file).then(
        (s) => s.isFile(),
        () => false,
      ))
    if (!isFile) {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      res.end('not found')
      return
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control':
        file === join(root, 'index.html')
          ? 'no-cache'
          : 'public, max-age=31536000, immutable',
    })
    res.end(await readFile(file))
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    return text ? (JSON.parse(text) as unknown) : undefined
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const requestId = randomUUID()
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname

    if (path === '/fake-wecom/authorize') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(authorizePage(url))
      return
    }
    if (path === '/sidebar') return void redirect(res, `/sidebar/${url.search}`)
    if (path.startsWith('/sidebar/'))
      return serveFile(res, path.slice('/sidebar/'.length))
    if (!path.startsWith('/api/')) {
      res.writeHead(404)
      res.end()
      return
    }

    const body = req.method === 'GET' ? undefined : await readBody(req)
    requests.push({ method: req.method ?? 'GET', url: path + url.search, body })
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Request-Id': requestId,
      })
      res.end(payload === undefined ? undefined : JSON.stringify(payload))
    }

    const fault = faults.find(
      (f) => f.method === req.method && f.path.test(path) && f.times > 0,
    )
    if (fault) {
      fault.times -= 1
      if (fault.delayMs)
        await new Promise((done) => setTimeout(done, fault.delayMs))
      if (fault.status) {
        return send(fault.status, {
          error: {
            code: fault.code ?? 'INTERNAL_ERROR',
            message: 'injected by the test',
          },
          requestId,
        })
      }
    }

    try {
      const result = await api(req, res, url, body)
      if (result === HANDLED) return
      send(res.statusCode === 200 ? 200 : res.statusCode, result)
    } catch (error) {
      if (error instanceof HttpError) {
        return send(error.status, {
          error: { code: error.code, message: error.message },
          requestId,
        })
      }
      send(500, {
        error: { code: 'INTERNAL_ERROR', message: String(error) },
        requestId,
      })
    }
  }

  const server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get data() {
      return data
    },
    requests,
    setMode(next) {
      mode = next
    },
    fail(route, answer) {
      const [method, pattern] = route.split(' ') as [string, string]
      faults.unshift({
        method,
        path: new RegExp(pattern),
        ...answer,
        times: answer.times ?? Infinity,
      })
    },
    sessionFor: issue,
    reset() {
      data = buildFakeData(today)
      mode = 'demo'
      faults = []
      requests.length = 0
    },
    close() {
      server.closeAllConnections()
      return new Promise<void>((done, fail) =>
        server.close((e) => (e ? fail(e) : done())),
      )
    },
  }
}

const HANDLED = Symbol('handled')
