/**
 * A stand-in for the server's console API (packages/shared/src/console.ts),
 * for the console's browser tests until the real endpoints land: sessions
 * with a cookie, the OAuth round trip through a member picker like the
 * demo's, the local admin account with its lockout, and every console
 * endpoint scoped by level the way the contract says, over the data in
 * `console-fake-data.ts`. It serves the built page at /console/.
 *
 * Tests change what it answers with `fail` (an error or a delay for one
 * route) and `setSummary` (the ops card); `requests` lists every call.
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
  AuditPage,
  ConsoleMe,
  EventLogPage,
  LeaderboardResponse,
  LeaderboardRow,
  RepurchaseReport,
  SessionInfo,
} from '@petcare/shared'
import {
  auditEntries,
  callbackEvents,
  cohort,
  consoleUser,
  type ConsoleUser,
  FAKE_NOW,
  FAKE_TODAY,
  type FakeEvent,
  groupProblems,
  HOSPITALS,
  initialTargets,
  MEMBERS,
  memberWeek,
  REGIONS,
} from './console-fake-data'
import { type ContentFake, createContentFake } from './console-fake-content'
import {
  createCustomersFake,
  type CustomersFake,
} from './console-fake-customers'
import { createGroupsFake } from './console-fake-groups'
import { HttpError, NOT_MINE } from './console-fake-http'
import { type FakeResponse, ok, summaryWithEvents } from './fake-api'

export interface FakeConsoleApi {
  baseUrl: string
  /** `METHOD /path?query` of every API request, with its JSON body. */
  requests: { method: string; url: string; body: unknown }[]
  /** Targets set so far, `regionId/week` → target. */
  targets: Map<string, number>
  /** Events, with the status a retry gave them. */
  events: FakeEvent[]
  /** What `GET /api/ops/summary` answers from now on. */
  setSummary(response: FakeResponse): void
  /**
   * From now on, `METHOD path` (path matched as a RegExp) answers `status`
   * with an error body, or waits `delayMs` first; `times` limits how often.
   */
  fail(
    route: string,
    answer: {
      status?: number
      code?: string
      /** The error's `details`, as the server would send them. */
      details?: unknown
      delayMs?: number
      times?: number
    },
  ): void
  /** The content routes' state: quick replies, moments, protocols. */
  content: ContentFake
  /** The customer routes' state: quiet groups, follow-ups, mass messages. */
  customers: CustomersFake
  /** A session cookie value for a user id (`admin` for the local admin). */
  sessionFor(userId: string): string
  reset(): void
  close(): Promise<void>
}

export const LOCAL_ADMIN = { username: 'admin', password: 'petcare-demo' }
const COOKIE = 'petcare_sid'
/** Wrong passwords in a row before the account locks. */
const LOCK_AFTER = 5
const PAGE = 20
/** Who set the targets the fake starts with. */
const TARGET_SETTER = {
  userId: 'ZhouMin',
  name: '周敏',
  at: '2026-12-07T01:30:00.000Z',
}

interface Fault {
  method: string
  path: RegExp
  status?: number
  code?: string
  details?: unknown
  delayMs?: number
  times: number
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

// ------------------------------------------------------------------ weeks
// Written apart from the console's own week code, so a bug there is not
// mirrored here.

const DAY = 86_400_000

function mondayOf(week: string): Date {
  const m = /^(\d{4})-W(\d{2})$/.exec(week)
  if (!m) throw new HttpError(400, 'VALIDATION_FAILED', `bad week ${week}`)
  const jan4 = new Date(Date.UTC(Number(m[1]), 0, 4))
  const monday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY
  const result = new Date(monday + (Number(m[2]) - 1) * 7 * DAY)
  if (weekOf(result) !== week) {
    throw new HttpError(400, 'VALIDATION_FAILED', `no such week ${week}`)
  }
  return result
}

function weekOf(day: Date): string {
  const d = new Date(day.getTime())
  d.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7))
  const year = d.getUTCFullYear()
  const firstThursday = new Date(Date.UTC(year, 0, 4))
  const week =
    1 +
    Math.round(
      ((d.getTime() - firstThursday.getTime()) / DAY -
        3 +
        ((firstThursday.getUTCDay() + 6) % 7)) /
        7,
    )
  return `${year}-W${String(week).padStart(2, '0')}`
}

function shift(week: string, n: number): string {
  return weekOf(new Date(mondayOf(week).getTime() + n * 7 * DAY))
}

const ymd = (d: Date) => d.toISOString().slice(0, 10)

// ------------------------------------------------------------------ server

export async function startFakeConsoleApi(options: {
  consoleDist: string
}): Promise<FakeConsoleApi> {
  const root = resolve(options.consoleDist)
  const sidebarPublic = resolve(root, '../../sidebar/public')
  const current = weekOf(new Date(`${FAKE_TODAY}T00:00:00Z`))
  const sessions = new Map<string, string>()
  const requests: FakeConsoleApi['requests'] = []
  let faults: Fault[] = []
  let targets = initialTargets([shift(current, -1), current])
  let targetSetBy = new Map<string, LeaderboardRow['targetSetBy']>()
  let events = callbackEvents()
  let summary: FakeResponse = ok(summaryWithEvents)
  let failedLogins = 0
  const content = createContentFake()
  const customers = createCustomersFake()
  const routeModules = [content, customers, createGroupsFake()]

  function issue(userId: string): string {
    const sid = randomUUID()
    sessions.set(sid, userId)
    return sid
  }

  function signedIn(req: IncomingMessage): string {
    const sid = /(?:^|;\s*)petcare_sid=([^;]+)/.exec(
      req.headers.cookie ?? '',
    )?.[1]
    const userId = sid ? sessions.get(sid) : undefined
    if (!userId) throw new HttpError(401, 'UNAUTHENTICATED', 'sign in first')
    return userId
  }

  function consoleUserOf(req: IncomingMessage): ConsoleUser {
    const user = consoleUser(signedIn(req))
    if (!user) {
      throw new HttpError(
        403,
        'NOT_CONSOLE_USER',
        'this role may not use the console',
      )
    }
    return user
  }

  function headOfficeOnly(user: ConsoleUser): void {
    if (user.level !== 'head_office') {
      throw new HttpError(403, 'NOT_IN_SCOPE', 'head office only')
    }
  }

  // ------------------------------------------------------------ leaderboard

  function sumWeeks(userIds: string[], week: string) {
    const total = { added: 0, removedByMember: 0, removedByCustomer: 0 }
    for (const id of userIds) {
      const w = memberWeek(id, week, current)
      total.added += w.added
      total.removedByMember += w.removedByMember
      total.removedByCustomer += w.removedByCustomer
    }
    return {
      ...total,
      net: total.added - total.removedByMember - total.removedByCustomer,
    }
  }

  function leaderboard(url: URL, user: ConsoleUser): LeaderboardResponse {
    const week = url.searchParams.get('week') ?? current
    const monday = mondayOf(week)
    const level = (url.searchParams.get('level') ??
      'region') as LeaderboardResponse['level']
    if (!['region', 'hospital', 'member'].includes(level)) {
      throw new HttpError(400, 'VALIDATION_FAILED', 'bad level')
    }
    const regionId = url.searchParams.get('regionId')
    const hospitalId = url.searchParams.get('hospitalId')
    if (regionId && !user.regionIds.includes(regionId)) {
      throw new HttpError(404, 'NOT_FOUND', 'no such region in your scope')
    }
    if (hospitalId && !user.hospitalIds.includes(hospitalId)) {
      throw new HttpError(404, 'NOT_FOUND', 'no such hospital in your scope')
    }
    const hospitals = HOSPITALS.filter(
      (h) =>
        user.hospitalIds.includes(h.id) &&
        (!regionId || h.regionId === regionId) &&
        (!hospitalId || h.id === hospitalId),
    )
    const membersOf = (ids: string[]) =>
      MEMBERS.filter((m) => m.hospitalId && ids.includes(m.hospitalId)).map(
        (m) => m.userId,
      )
    // Head office's own staff, in no hospital, count in head office's
    // boards that are not narrowed to a region or hospital.
    const unplaced =
      user.level === 'head_office' && !regionId && !hospitalId
        ? MEMBERS.filter((m) => !m.hospitalId).map((m) => m.userId)
        : []

    const groups: {
      id: string
      name: string
      regionId: string | null
      hospitalId: string | null
      members: string[]
    }[] =
      level === 'region'
        ? REGIONS.filter((r) => user.regionIds.includes(r.id)).map((r) => ({
            id: r.id,
            name: r.name,
            regionId: r.id,
            hospitalId: null,
            members: membersOf(
              hospitals.filter((h) => h.regionId === r.id).map((h) => h.id),
            ),
          }))
        : level === 'hospital'
          ? hospitals.map((h) => ({
              id: h.id,
              name: h.name,
              regionId: h.regionId,
              hospitalId: h.id,
              members: membersOf([h.id]),
            }))
          : MEMBERS.filter(
              (m) =>
                unplaced.includes(m.userId) ||
                (m.hospitalId && hospitals.some((h) => h.id === m.hospitalId)),
            ).map((m) => ({
              id: m.userId,
              name: m.name,
              regionId: m.regionId,
              hospitalId: m.hospitalId,
              members: [m.userId],
            }))
    if (level !== 'member' && unplaced.length > 0) {
      groups.push({
        id: '',
        name: level === 'region' ? '未归属大区的成员' : '未归属门店的成员',
        regionId: null,
        hospitalId: null,
        members: unplaced,
      })
    }

    const previous = shift(week, -1)
    const targetOf = (id: string) =>
      user.regionIds.includes(id)
        ? (targets.get(`${id}/${week}`) ?? null)
        : null
    const quiet = (r: LeaderboardRow) =>
      r.added + r.removedByMember + r.removedByCustomer === 0
    const band = (r: LeaderboardRow) => (r.id === '' ? 2 : quiet(r) ? 1 : 0)
    // Listed with zeros: every region, hospital and placed member; the
    // unplaced only with customers to count.
    const listed = groups.filter(
      (g) =>
        (g.id !== '' && (level !== 'member' || g.hospitalId !== null)) ||
        sumWeeks(g.members, week).added +
          sumWeeks(g.members, week).removedByMember +
          sumWeeks(g.members, week).removedByCustomer +
          Math.abs(sumWeeks(g.members, previous).net) >
          0,
    )
    const rows: LeaderboardRow[] = listed
      .map((g) => {
        const now = sumWeeks(g.members, week)
        const target = level === 'region' ? targetOf(g.id) : null
        return {
          id: g.id,
          name: g.name,
          regionId: g.regionId,
          hospitalId: g.hospitalId,
          ...now,
          previousNet: sumWeeks(g.members, previous).net,
          target,
          targetSetBy:
            target === null
              ? null
              : (targetSetBy.get(`${g.id}/${week}`) ?? TARGET_SETTER),
        }
      })
      .sort(
        (a, b) =>
          band(a) - band(b) ||
          (band(a) === 0 ? b.net - a.net : 0) ||
          a.name.localeCompare(b.name, 'zh-CN') ||
          a.id.localeCompare(b.id),
      )

    // The regions the board covers whole: none for one hospital, none for a
    // store manager (their hospital is one part of a region).
    const covered = hospitalId
      ? []
      : user.regionIds.filter((id) => !regionId || id === regionId)
    const set = covered.map(targetOf).filter((t): t is number => t !== null)
    const all = [...membersOf(hospitals.map((h) => h.id)), ...unplaced]
    const now = sumWeeks(all, week)
    return {
      week,
      from: ymd(monday),
      to: ymd(new Date(monday.getTime() + 6 * DAY)),
      level,
      rows,
      totals: {
        ...now,
        previousNet: sumWeeks(all, previous).net,
        target: set.length > 0 ? set.reduce((a, b) => a + b, 0) : null,
      },
      targetScope: covered.length > 0 ? 'regions' : 'part_of_region',
      trend: Array.from({ length: 8 }, (_, i) => {
        const w = shift(week, i - 7)
        const sum = sumWeeks(all, w)
        return { week: w, added: sum.added, net: sum.net }
      }),
      // Its Sunday is today or later: the fake's today is in `current`.
      weekInProgress: ymd(new Date(monday.getTime() + 6 * DAY)) >= FAKE_TODAY,
    }
  }

  function leaderboardCsv(board: LeaderboardResponse): string {
    const head = [
      '名称',
      '新增',
      '成员删除',
      '客户删除',
      '净增',
      '上周净增',
      '目标',
    ]
    const lines = board.rows.map((r) =>
      [
        r.name,
        r.added,
        r.removedByMember,
        r.removedByCustomer,
        r.net,
        r.previousNet,
        r.target ?? '',
      ].join(','),
    )
    return `\ufeff${[head.join(','), ...lines].join('\r\n')}\r\n`
  }

  // ------------------------------------------------------------- repurchase

  function repurchase(url: URL, user: ConsoleUser): RepurchaseReport {
    const from = url.searchParams.get('from') ?? ''
    const to = url.searchParams.get('to') ?? ''
    const by = (url.searchParams.get('by') ?? 'total') as RepurchaseReport['by']
    if (!/^\d{4}-\d{2}$/.test(from) || !/^\d{4}-\d{2}$/.test(to) || to < from) {
      throw new HttpError(
        400,
        'VALIDATION_FAILED',
        'from and to are YYYY-MM, from ≤ to',
      )
    }
    const months: string[] = []
    for (let m = from; m <= to;) {
      months.push(m)
      const [y, mo] = m.split('-').map(Number) as [number, number]
      m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`
    }
    // Complete once 90 days have passed since the month's last day.
    const today = new Date(`${FAKE_TODAY}T00:00:00Z`).getTime()
    const complete = (month: string) => {
      const [y, mo] = month.split('-').map(Number) as [number, number]
      return Date.UTC(y, mo, 0) + 90 * DAY <= today
    }
    const cohortsOf = (hospitalIds: string[]) =>
      months.map((month) => {
        let customers = 0
        let returned = 0
        for (const id of hospitalIds) {
          const c = cohort(id, month)
          customers += c.customers
          returned += c.returned
        }
        return {
          month,
          customers,
          returned,
          rate: customers === 0 ? null : returned / customers,
          complete: complete(month),
        }
      })
    const visible = HOSPITALS.filter((h) => user.hospitalIds.includes(h.id))
    const groups =
      by === 'hospital'
        ? visible.map((h) => ({
            id: h.id,
            name: h.name,
            cohorts: cohortsOf([h.id]),
          }))
        : by === 'region'
          ? REGIONS.filter((r) => user.regionIds.includes(r.id)).map((r) => ({
              id: r.id,
              name: r.name,
              cohorts: cohortsOf(
                visible.filter((h) => h.regionId === r.id).map((h) => h.id),
              ),
            }))
          : [
              {
                id: 'total',
                // Named for what it counts, as the server names it.
                name:
                  user.level === 'head_office'
                    ? '全部门店'
                    : user.level === 'region'
                      ? REGIONS.filter((r) => user.regionIds.includes(r.id))
                          .map((r) => r.name)
                          .join('、')
                      : visible.map((h) => h.name).join('、'),
                cohorts: cohortsOf(visible.map((h) => h.id)),
              },
            ]
    return { from, to, by, groups }
  }

  // ------------------------------------------------------------------ audit

  function audit(url: URL, user: ConsoleUser): AuditPage {
    const p = (name: string) => url.searchParams.get(name) || null
    const [userId, petId, from, to, before] = [
      'userId',
      'petId',
      'from',
      'to',
      'before',
    ].map(p)
    const chinaDay = (iso: string) =>
      ymd(new Date(new Date(iso).getTime() + 8 * 3_600_000))
    const all = auditEntries().filter(
      (e) =>
        user.hospitalIds.includes(e.hospitalId) &&
        (!userId || e.user.userId === userId) &&
        (!petId || e.petId === petId) &&
        (!from || chinaDay(e.openedAt) >= from) &&
        (!to || chinaDay(e.openedAt) <= to),
    )
    const start = before ? all.findIndex((e) => e.id === before) + 1 : 0
    const page = all.slice(start, start + PAGE)
    return {
      entries: page.map(({ hospitalId: _h, ...entry }) => entry),
      next: start + PAGE < all.length ? page.at(-1)!.id : null,
      pageSize: PAGE,
      total: all.length,
    }
  }

  // ----------------------------------------------------------------- events

  function eventLog(url: URL): EventLogPage {
    const status = url.searchParams.get('status') || null
    const before = url.searchParams.get('before') || null
    const all = events.filter((e) => !status || e.status === status)
    const start = before ? all.findIndex((e) => e.id === before) + 1 : 0
    const page = all.slice(start, start + PAGE)
    const counts = new Map<string, number>()
    for (const e of events)
      counts.set(e.status, (counts.get(e.status) ?? 0) + 1)
    return {
      events: page,
      next: start + PAGE < all.length ? page.at(-1)!.id : null,
      pageSize: PAGE,
      total: all.length,
      counts: [...counts].map(([s, count]) => ({ status: s, count })),
    }
  }

  // ----------------------------------------------------------------- routes

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
      return redirect(
        res,
        `/fake-wecom/authorize?state=${encodeURIComponent(back)}`,
      )
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
    if (method === 'POST' && path === '/api/auth/local') {
      const login = body as
        { username?: unknown; password?: unknown } | undefined
      if (
        typeof login?.username !== 'string' ||
        typeof login.password !== 'string'
      ) {
        throw new HttpError(
          400,
          'VALIDATION_FAILED',
          'username and password are required',
        )
      }
      if (failedLogins >= LOCK_AFTER) {
        res.setHeader('Retry-After', '900')
        throw new HttpError(
          429,
          'LOGIN_LOCKED',
          'too many failed sign-ins; wait 15 minutes',
        )
      }
      if (
        login.username !== LOCAL_ADMIN.username ||
        login.password !== LOCAL_ADMIN.password
      ) {
        failedLogins += 1
        throw new HttpError(401, 'LOGIN_FAILED', 'wrong username or password')
      }
      failedLogins = 0
      res.setHeader(
        'Set-Cookie',
        `${COOKIE}=${issue('admin')}; Path=/; HttpOnly; SameSite=Lax`,
      )
      res.statusCode = 204
      return undefined
    }
    if (method === 'POST' && path === '/api/auth/logout') {
      res.setHeader('Set-Cookie', `${COOKIE}=; Path=/; HttpOnly; Max-Age=0`)
      res.statusCode = 204
      return undefined
    }
    if (method === 'GET' && path === '/api/app-info') {
      return { mode: 'demo', corpId: 'wwDemoCorp0000001', agentId: '1000002' }
    }
    if (method === 'GET' && path === '/api/ops/summary') {
      return summary
    }
    if (method === 'GET' && path === '/api/auth/session') {
      const userId = signedIn(req)
      const m = MEMBERS.find((x) => x.userId === userId)
      const hospital = HOSPITALS.find((h) => h.id === m?.hospitalId) ?? null
      const region = REGIONS.find((r) => r.id === m?.regionId) ?? null
      const info: SessionInfo = {
        userId,
        name: m?.name ?? '系统管理员',
        role: m?.role ?? null,
        scope: m?.role === 'butler' ? 'member' : 'head_office',
        hospital: hospital && { id: hospital.id, name: hospital.name },
        region,
        expiresAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
        mode: 'demo',
      }
      return info
    }

    if (!path.startsWith('/api/console/'))
      throw new HttpError(404, 'NOT_FOUND', 'Not found')
    const user = consoleUserOf(req)
    let match: RegExpExecArray | null
    for (const routes of routeModules) {
      const answer = routes.handle({ method, path, url, body, user, res })
      if (answer !== NOT_MINE) return answer
    }

    if (method === 'GET' && path === '/api/console/me') {
      const me: ConsoleMe = {
        userId: user.userId,
        name: user.name,
        level: user.level,
        local: user.local,
        // As the server's scope: the regions of the hospitals in scope, so
        // a store manager has their hospital's region.
        regions: REGIONS.filter(
          (r) =>
            user.regionIds.includes(r.id) ||
            HOSPITALS.some(
              (h) => h.regionId === r.id && user.hospitalIds.includes(h.id),
            ),
        ),
        hospitals: HOSPITALS.filter((h) => user.hospitalIds.includes(h.id)),
        mode: 'demo',
      }
      return me
    }
    if (method === 'GET' && path === '/api/console/leaderboard') {
      const board = leaderboard(url, user)
      if (url.searchParams.get('format') === 'csv') {
        res.writeHead(200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="leaderboard-${board.week}-${board.level}.csv"`,
        })
        res.end(leaderboardCsv(board))
        return HANDLED
      }
      return board
    }
    if (method === 'PUT' && path === '/api/console/targets') {
      headOfficeOnly(user)
      const t = body as
        { regionId?: unknown; week?: unknown; target?: unknown } | undefined
      if (
        typeof t?.regionId !== 'string' ||
        !REGIONS.some((r) => r.id === t.regionId) ||
        typeof t.week !== 'string' ||
        typeof t.target !== 'number' ||
        !Number.isInteger(t.target) ||
        t.target < 0
      ) {
        throw new HttpError(
          400,
          'VALIDATION_FAILED',
          'regionId, week and a whole target ≥ 0',
        )
      }
      mondayOf(t.week)
      targets.set(`${t.regionId}/${t.week}`, t.target)
      targetSetBy.set(`${t.regionId}/${t.week}`, {
        userId: user.local ? `local:${user.userId}` : user.userId,
        name: user.name,
        at: FAKE_NOW.toISOString(),
      })
      res.statusCode = 204
      return undefined
    }
    if (method === 'GET' && path === '/api/console/repurchase') {
      return repurchase(url, user)
    }
    if (method === 'GET' && path === '/api/console/groups/problems') {
      const all = groupProblems()
      const mine = (id: string | null) =>
        id !== null && user.hospitalIds.includes(id)
      return {
        groups: all.groups.filter((g) => mine(g.hospitalId)),
        customersWithoutGroup: all.customersWithoutGroup.filter((c) =>
          mine(c.hospitalId),
        ),
      }
    }
    if (method === 'GET' && path === '/api/console/audit') {
      return audit(url, user)
    }
    if (method === 'GET' && path === '/api/console/events') {
      headOfficeOnly(user)
      return eventLog(url)
    }
    if (
      method === 'POST' &&
      (match = /^\/api\/console\/events\/([^/]+)\/retry$/.exec(path))
    ) {
      headOfficeOnly(user)
      const event = events.find((e) => e.id === decodeURIComponent(match![1]!))
      if (!event) throw new HttpError(404, 'NOT_FOUND', 'no such event')
      if (event.status !== 'parked' && event.status !== 'failed') {
        throw new HttpError(
          409,
          'EVENT_NOT_RETRYABLE',
          'only a parked or failed event can be retried',
          { status: event.status },
        )
      }
      event.status = 'pending'
      event.lastError = null
      res.statusCode = 204
      return undefined
    }
    throw new HttpError(404, 'NOT_FOUND', 'Not found')
  }

  // ------------------------------------------------------------------- http

  function redirect(res: ServerResponse, location: string): symbol {
    res.writeHead(302, { Location: location })
    res.end()
    return HANDLED
  }

  function authorizePage(url: URL): string {
    const state = url.searchParams.get('state') ?? '/console/'
    const links = MEMBERS.map(
      (m) =>
        `<li><a href="/api/auth/oauth/callback?code=${m.userId}&state=${encodeURIComponent(state)}">${m.name}（${m.userId}）</a></li>`,
    ).join('')
    return `<!doctype html><meta charset="utf-8"><title>企业微信授权（模拟）</title><h1>选择登录的成员</h1><ul>${links}</ul>`
  }

  async function serveFile(
    res: ServerResponse,
    relative: string,
    from = root,
  ): Promise<void> {
    const file = resolve(from, relative === '' ? 'index.html' : relative)
    const inside = file === from || file.startsWith(from + sep)
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
    const requestId = `req-${randomUUID().slice(0, 8)}`
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname

    if (path === '/fake-wecom/authorize') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(authorizePage(url))
      return
    }
    if (path === '/console') return void redirect(res, `/console/${url.search}`)
    // The image quick replies' pictures, as the server serves the sidebar's.
    if (path.startsWith('/sidebar/quick-replies/')) {
      return serveFile(res, path.slice('/sidebar/'.length), sidebarPublic)
    }
    if (path.startsWith('/console/'))
      return serveFile(res, path.slice('/console/'.length))
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
      (f) =>
        f.method === req.method &&
        f.path.test(path + url.search) &&
        f.times > 0,
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
            ...(fault.details === undefined ? {} : { details: fault.details }),
          },
          requestId,
        })
      }
    }

    try {
      const result = await api(req, res, url, body)
      if (result === HANDLED) return
      if (isFakeResponse(result)) {
        if (result.delayMs)
          await new Promise((done) => setTimeout(done, result.delayMs))
        return send(result.status, result.body)
      }
      send(res.statusCode, result)
    } catch (error) {
      if (error instanceof HttpError) {
        return send(error.status, {
          error: {
            code: error.code,
            message: error.message,
            ...(error.details === undefined ? {} : { details: error.details }),
          },
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
    requests,
    get targets() {
      return targets
    },
    get events() {
      return events
    },
    setSummary(response) {
      summary = response
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
    content,
    customers,
    sessionFor: issue,
    reset() {
      for (const routes of routeModules) routes.reset()
      faults = []
      requests.length = 0
      targets = initialTargets([shift(current, -1), current])
      targetSetBy = new Map()
      events = callbackEvents()
      summary = ok(summaryWithEvents)
      failedLogins = 0
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

function isFakeResponse(value: unknown): value is FakeResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    'body' in value &&
    Object.keys(value).every((k) => ['status', 'body', 'delayMs'].includes(k))
  )
}
