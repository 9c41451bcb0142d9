/**
 * The console API on the demo world, on SQLite and MariaDB: who may use it,
 * the local admin account, and that every list is narrowed to the user's
 * part of the organisation.
 */
import { addDays, addIsoWeeks, chinaToday, isoWeekOf } from '@petcare/domain'
import type {
  ConsoleMemberList,
  FollowUpsDue,
  GroupDetail,
  GroupHistoryPage,
  LeaderboardResponse,
  LibraryReply,
  LostReport,
  MassMessageLog,
  MomentPost,
  QuietGroups,
  WakeResult,
  AuditPage,
  ConsoleMe,
  EventLogPage,
  GroupProblems,
  Leaderboard,
  RepurchaseReport,
} from '@petcare/shared'
import pino from 'pino'
import { setLocalAccount } from '../src/modules/auth/local-accounts'
import { AccessPolicy } from '../src/modules/auth/access'
import { loadPrincipal } from '../src/modules/auth/principal'
import { recordFollowChange } from '../src/modules/customer/follow-change'
import { QuickReplyEntity } from '../src/modules/sidebar/care-tools.entity'
import { SidebarService } from '../src/modules/sidebar/sidebar.service'
import { StaffEntity } from '../src/modules/directory/staff.entity'
import { HospitalEntity } from '../src/modules/record/hospital.entity'
import { WecomEventEntity } from '../src/modules/wecom-callback/wecom-event.entity'
import { createWecomServices } from '../src/modules/worker/wecom-services'
import { databaseTargets } from './databases'
import {
  cookieHeader,
  startSidebarHarness,
  type Member,
  type SidebarHarness,
} from './sidebar-harness'

jest.setTimeout(60_000)

describe.each(databaseTargets())('console API on $name', (target) => {
  let h: SidebarHarness
  let drop: () => Promise<void>

  beforeAll(async () => {
    const db = await target.create()
    drop = db.drop
    h = await startSidebarHarness(db.config)
    await setLocalAccount(h.app.dataSource, 'admin', 'correct horse battery')
  })

  afterAll(async () => {
    await h?.close()
    await drop?.()
  })

  async function staffWithRole(role: string) {
    return (await h.app.dataSource
      .getRepository(StaffEntity)
      .findBy({ role: role as never }))!
  }

  async function localLogin(password: string): Promise<Response> {
    return fetch(`${h.app.url}/api/auth/local`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '1' },
      body: JSON.stringify({ username: 'admin', password }),
    })
  }

  const json = async <T>(member: Member, path: string): Promise<T> => {
    const res = await member.get(path)
    expect([path, res.status]).toEqual([path, 200])
    return (await res.json()) as T
  }

  it('lets a local admin sign in, and refuses a wrong password without saying which part was wrong', async () => {
    const wrong = await localLogin('nope')
    expect(wrong.status).toBe(401)
    expect(
      ((await wrong.json()) as { error: { code: string } }).error.code,
    ).toBe('LOGIN_FAILED')
    const ok = await localLogin('correct horse battery')
    expect(ok.status).toBe(204)
    const cookie = cookieHeader(ok)
    const me = (await (
      await fetch(`${h.app.url}/api/console/me`, { headers: { cookie } })
    ).json()) as ConsoleMe
    expect(me).toMatchObject({
      level: 'head_office',
      local: true,
      mode: 'demo',
    })
    expect(me.regions.length).toBeGreaterThanOrEqual(3)
    // A local account is for the console, not for customers' records.
    const sidebar = await fetch(`${h.app.url}/api/sidebar/contacts/x`, {
      headers: { cookie },
    })
    expect(sidebar.status).toBe(403)
  })

  // Found by trying to break it: each of these was a 500 or was accepted.
  it('refuses out-of-range dates, weeks, targets, month spans, regions and picture addresses with a 400', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const status = async (method: string, path: string, body?: unknown) =>
      (await head.send(method, path, body)).status
    for (const week of ['0001-W01', '0999-W52', '1000-W01', '9999-W52']) {
      expect([
        week,
        await status('GET', `/api/console/leaderboard?week=${week}`),
      ]).toEqual([week, 400])
    }
    const me = await json<ConsoleMe>(head, '/api/console/me')
    const region = me.regions[0]!.id
    expect(
      await status('PUT', '/api/console/targets', {
        regionId: region,
        week: '0001-W01',
        target: 1,
      }),
    ).toBe(400)
    expect(
      await status('PUT', '/api/console/targets', {
        regionId: region,
        week: isoWeekOf(chinaToday()),
        target: 100_001,
      }),
    ).toBe(400)
    expect(await status('GET', '/api/console/moments?from=0000-01-01')).toBe(
      400,
    )
    expect(
      await status('GET', '/api/console/moments?from=2026-12-01&to=9999-12-31'),
    ).toBe(400)
    // 2024-01 to 2026-01 is 25 months: one too many.
    expect(
      await status('GET', '/api/console/repurchase?from=2024-01&to=2026-01'),
    ).toBe(400)
    expect(
      await status('GET', '/api/console/repurchase?from=2024-02&to=2026-01'),
    ).toBe(200)
    const reply = (extra: object) => ({
      scope: 'region',
      regionId: region,
      category: '活动',
      title: '体检',
      kind: 'text',
      content: '你好',
      ...extra,
    })
    expect(
      await status(
        'POST',
        '/api/console/quick-replies',
        reply({ regionId: 'R99' }),
      ),
    ).toBe(400)
    expect(
      await status(
        'POST',
        '/api/console/quick-replies',
        reply({
          kind: 'image',
          content: '',
          imageUrl: '/\\evil.example/x.png',
        }),
      ),
    ).toBe(400)
    const replies = await h.app.dataSource
      .getRepository(QuickReplyEntity)
      .findBy({ regionId: 'R99' })
    expect(replies).toEqual([])
  })

  // Before the lockout test below, which locks this address out.
  // 客户朋友圈 said "local:admin 安排": who did something is shown by name.
  it('names who did something, a local account by its name, never by its account id', async () => {
    const ok = await localLogin('correct horse battery')
    expect(ok.status).toBe(204)
    const cookie = cookieHeader(ok)
    const admin: Member = {
      userId: 'local:admin',
      cookie,
      get: (path) => fetch(`${h.app.url}${path}`, { headers: { cookie } }),
      send: (method, path, body) =>
        fetch(`${h.app.url}${path}`, {
          method,
          headers: { cookie, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
    }
    const me = await json<ConsoleMe>(admin, '/api/console/me')
    const regionId = me.regions.at(-1)!.id

    // A moment planned.
    const planned = await admin.send('POST', '/api/console/moments', {
      day: addDays(h.today, 1),
      owner: 'head_office',
      text: '周末会员日',
    })
    expect(planned.status).toBe(201)
    expect(((await planned.json()) as MomentPost).createdBy).toEqual({
      userId: 'local:admin',
      name: '本地管理员',
    })

    // A wake-up sent.
    const quiet = await json<QuietGroups>(
      admin,
      '/api/console/groups/quiet?days=7',
    )
    const group = quiet.groups.find((g) => g.owner)!
    expect(
      (
        await admin.send('POST', '/api/console/groups/wake', {
          chatIds: [group.chatId],
          text: '好久不见',
        })
      ).status,
    ).toBe(200)
    const log = await json<MassMessageLog>(admin, '/api/console/mass-messages')
    expect(log.messages[0]).toMatchObject({
      createdBy: 'local:admin',
      createdByName: '本地管理员',
    })

    // A protocol changed, and a target set.
    const path = `/api/console/protocol/${regionId}`
    expect(
      (
        await admin.send('PUT', path, {
          region: '本地',
          deworming: { 'dog-internal': { adultIntervalMonths: 2 } },
        })
      ).status,
    ).toBe(204)
    expect(
      await json<{ updatedBy: string; updatedByName: string }>(admin, path),
    ).toMatchObject({ updatedBy: 'local:admin', updatedByName: '本地管理员' })
    expect((await admin.send('DELETE', path)).status).toBe(204)
    const week = isoWeekOf(chinaToday())
    await admin.send('PUT', '/api/console/targets', {
      regionId,
      week,
      target: 5,
    })
    const board = await json<Leaderboard>(
      admin,
      `/api/console/leaderboard?week=${week}`,
    )
    expect(
      board.rows.find((r) => r.id === regionId)?.targetSetBy,
    ).toMatchObject({ userId: 'local:admin', name: '本地管理员' })
  })

  it('locks the local sign-in after repeated failures', async () => {
    await setLocalAccount(h.app.dataSource, 'ops2', 'another long password')
    const attempt = (password: string) =>
      fetch(`${h.app.url}/api/auth/local`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'ops2', password }),
      })
    for (let i = 0; i < 5; i++) {
      expect((await attempt('guess')).status).toBe(401)
    }
    const locked = await attempt('another long password')
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('refuses the console to a butler', async () => {
    const [butler] = await staffWithRole('butler')
    const member = await h.signIn(butler!.userId)
    const res = await member.get('/api/console/me')
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'NOT_CONSOLE_USER',
    )
    expect((await member.get('/api/console/leaderboard')).status).toBe(403)
  })

  it('narrows every list to a region admin’s region, and a store manager’s hospital', async () => {
    const hospitals = await h.app.dataSource
      .getRepository(HospitalEntity)
      .find()
    const [admin] = await staffWithRole('region_admin')
    const regional = await h.signIn(admin!.userId)
    const me = await json<ConsoleMe>(regional, '/api/console/me')
    expect(me.level).toBe('region')
    expect(me.regions).toHaveLength(1)
    const region = me.regions[0]!.id
    const mine = hospitals.filter((x) => x.regionId === region).map((x) => x.id)
    expect(me.hospitals.map((x) => x.id).sort()).toEqual(mine.sort())

    const board = await json<Leaderboard>(
      regional,
      '/api/console/leaderboard?level=hospital',
    )
    expect(board.rows.every((r) => mine.includes(r.id))).toBe(true)
    const members = await json<Leaderboard>(
      regional,
      '/api/console/leaderboard?level=member',
    )
    expect(members.rows.every((r) => mine.includes(r.hospitalId!))).toBe(true)
    const other = hospitals.find((x) => x.regionId !== region)!
    expect(
      (
        await regional.get(
          `/api/console/leaderboard?level=member&hospitalId=${other.id}`,
        )
      ).status,
    ).toBe(404)
    expect(
      (
        await regional.get(
          `/api/console/leaderboard?regionId=${other.regionId}`,
        )
      ).status,
    ).toBe(404)

    const groups = await json<GroupProblems>(
      regional,
      '/api/console/groups/problems',
    )
    expect(groups.groups.every((g) => mine.includes(g.hospitalId!))).toBe(true)
    expect(
      groups.customersWithoutGroup.every((c) => mine.includes(c.hospitalId!)),
    ).toBe(true)

    const repurchase = await json<RepurchaseReport>(
      regional,
      '/api/console/repurchase?from=2025-01&to=2026-12&by=hospital',
    )
    expect(repurchase.groups.every((g) => mine.includes(g.id))).toBe(true)

    // The audit shows only openings of records of the region's customers.
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const [outside] = await h.app.dataSource.query<
      { external_user_id: string }[]
    >(
      `SELECT b.external_user_id FROM customer_binding b
         JOIN hospital_customer c ON c.id = b.customer_id
        WHERE b.unbound_at IS NULL AND c.hospital_id NOT IN (${mine.map(() => '?').join(',')})
        LIMIT 1`,
      mine,
    )
    await head.get(`/api/sidebar/contacts/${outside!.external_user_id}`)
    const all = await json<AuditPage>(head, '/api/console/audit')
    expect(all.entries.length).toBeGreaterThan(0)
    const theirs = await json<AuditPage>(regional, '/api/console/audit')
    const customers = await h.app.dataSource.query<
      { id: string; hospital_id: string }[]
    >('SELECT id, hospital_id FROM hospital_customer')
    for (const entry of theirs.entries) {
      const c = customers.find((x) => x.id === entry.customerId)
      expect(mine).toContain(c?.hospital_id)
    }
    // The raw callback log is head office's.
    expect((await regional.get('/api/console/events')).status).toBe(403)

    const [manager] = await staffWithRole('store_manager')
    const store = await h.signIn(manager!.userId)
    const storeMe = await json<ConsoleMe>(store, '/api/console/me')
    expect(storeMe.level).toBe('store')
    expect(storeMe.hospitals).toHaveLength(1)
  })

  it('lets head office set a region’s target, and no one else', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const me = await json<ConsoleMe>(head, '/api/console/me')
    const regionId = me.regions[0]!.id
    const set = await head.send('PUT', '/api/console/targets', {
      regionId,
      week: '2026-W49',
      target: 120,
    })
    expect(set.status).toBe(204)
    const board = await json<Leaderboard>(
      head,
      '/api/console/leaderboard?week=2026-W49',
    )
    expect(board.rows.find((r) => r.id === regionId)?.target).toBe(120)
    for (const body of [
      { regionId, week: '2026-W60', target: 1 },
      { regionId, week: '2026-W49', target: -1 },
      { regionId, week: '2026-W49', target: 1.5 },
    ]) {
      expect(
        (await head.send('PUT', '/api/console/targets', body)).status,
      ).toBe(400)
    }
    const regional = await h.signIn(
      (await staffWithRole('region_admin'))[0]!.userId,
    )
    expect(
      (
        await regional.send('PUT', '/api/console/targets', {
          regionId,
          week: '2026-W49',
          target: 1,
        })
      ).status,
    ).toBe(403)
  })

  it('shows a region’s target to its admin and in head office’s drill-down, by who set it, and not as a store’s own (朱洋 saw 未设置目标)', async () => {
    const [admin] = await staffWithRole('region_admin')
    const regional = await h.signIn(admin!.userId)
    const regionId = (await json<ConsoleMe>(regional, '/api/console/me'))
      .regions[0]!.id
    const [headStaff] = await staffWithRole('head_office_ops')
    const head = await h.signIn(headStaff!.userId)
    const week = isoWeekOf(chinaToday())
    expect(
      (
        await head.send('PUT', '/api/console/targets', {
          regionId,
          week,
          target: 20,
        })
      ).status,
    ).toBe(204)

    // What the region admin's overview asks for, and the levels below.
    for (const query of ['level=hospital', 'level=member', 'level=region']) {
      const board = await json<Leaderboard>(
        regional,
        `/api/console/leaderboard?${query}`,
      )
      expect([query, board.totals.target, board.targetScope]).toEqual([
        query,
        20,
        'regions',
      ])
    }
    const drill = await json<Leaderboard>(
      head,
      `/api/console/leaderboard?level=member&regionId=${regionId}`,
    )
    expect(drill.totals.target).toBe(20)
    const regions = await json<Leaderboard>(
      head,
      '/api/console/leaderboard?level=region',
    )
    expect(
      regions.rows.find((r) => r.id === regionId)?.targetSetBy,
    ).toMatchObject({ userId: headStaff!.userId, name: headStaff!.name })

    // A store manager of that region: the target is not the store's.
    const managers = await staffWithRole('store_manager')
    const hospitals = await h.app.dataSource
      .getRepository(HospitalEntity)
      .findBy({ regionId })
    const manager = managers.find((m) =>
      hospitals.some((x) => x.wecomDepartmentId === m.mainDepartmentId),
    )
    expect(manager).toBeDefined()
    const store = await h.signIn(manager!.userId)
    const board = await json<Leaderboard>(
      store,
      '/api/console/leaderboard?level=member',
    )
    expect([board.totals.target, board.targetScope]).toEqual([
      null,
      'part_of_region',
    ])
  })

  it('exports the leaderboard as CSV', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const res = await head.get(
      '/api/console/leaderboard?level=region&format=csv',
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/csv/)
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="leaderboard-\d{4}-W\d{2}-region\.csv"/,
    )
    const bytes = Buffer.from(await res.arrayBuffer())
    // The BOM (which fetch's text() would drop) makes Excel read UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe(
      '名称,新增,成员删除,客户删除,净增,上周净增,目标',
    )
  })

  it('fills the demo leaderboard from the re-sync, and computes repurchase by cohort', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const changes = await h.app.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM follow_change',
    )
    expect(Number(changes[0]!.n)).toBeGreaterThan(100)
    const report = await json<RepurchaseReport>(
      head,
      '/api/console/repurchase?from=2025-06&to=2026-11&by=total',
    )
    const cohorts = report.groups[0]!.cohorts
    expect(cohorts).toHaveLength(18)
    for (const c of cohorts) {
      expect(c.returned).toBeLessThanOrEqual(c.customers)
      expect(c.rate).toBe(c.customers ? c.returned / c.customers : null)
    }
    expect(cohorts.at(-1)!.complete).toBe(false)
    expect(cohorts[0]!.complete).toBe(true)
    expect(
      (await head.get('/api/console/repurchase?from=2026-05&to=2026-01'))
        .status,
    ).toBe(400)
  })

  it('lists callback events and puts a parked one back in the queue', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const events = h.app.dataSource.getRepository(WecomEventEntity)
    await events.insert({
      dedupeKey: 'console-test-parked',
      corpId: h.sim.corp.corpId,
      agentId: null,
      event: 'change_external_contact',
      changeType: 'edit_external_contact',
      updateDetail: null,
      kind: 'external_contact',
      userId: 'u1',
      externalUserId: 'wmX',
      chatId: null,
      createTime: 1_700_000_000,
      receivedAt: new Date(),
      payloadXml: '<xml/>',
      status: 'parked',
      attempts: 3,
      lastError: 'WeCom said 60111',
      nextAttemptAt: null,
      processedAt: null,
    } as never)
    const { id } = (await events.findOneBy({
      dedupeKey: 'console-test-parked',
    }))!
    const log = await json<EventLogPage>(
      head,
      '/api/console/events?status=parked',
    )
    expect(log.events.map((e) => e.id)).toContain(String(id))
    expect(
      log.counts.find((c) => c.status === 'parked')?.count,
    ).toBeGreaterThanOrEqual(1)
    expect(log.pageSize).toBe(50)
    expect(log.total).toBe(log.counts.find((c) => c.status === 'parked')!.count)
    const everything = await json<EventLogPage>(head, '/api/console/events')
    expect(everything.total).toBe(
      everything.counts.reduce((sum, c) => sum + c.count, 0),
    )
    expect(
      (await head.send('POST', `/api/console/events/${id}/retry`)).status,
    ).toBe(204)
    expect((await events.findOneBy({ id } as never))!.status).toBe('pending')
  })

  // 尝试 showed 0 for events applied at once and 4 for one that failed 4
  // times and was then applied.
  it('counts an event’s runs with the one that applied it, and its failed ones apart', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const events = h.app.dataSource.getRepository(WecomEventEntity)
    const insert = (dedupeKey: string, status: string, attempts: number) =>
      events.insert({
        dedupeKey,
        corpId: h.sim.corp.corpId,
        agentId: null,
        event: 'change_external_contact',
        changeType: 'edit_external_contact',
        updateDetail: null,
        kind: 'external_contact',
        userId: 'u1',
        externalUserId: 'wmAttempts',
        chatId: null,
        createTime: 1_700_000_000,
        receivedAt: new Date(),
        payloadXml: '<xml/>',
        status,
        attempts,
        lastError: null,
        nextAttemptAt: null,
        processedAt: status === 'done' ? new Date() : null,
      } as never)
    await insert('console-attempts-once', 'done', 0)
    await insert('console-attempts-late', 'done', 4)
    await insert('console-attempts-parked', 'parked', 8)
    const log = await json<EventLogPage>(head, '/api/console/events')
    const runs = log.events
      .filter((e) => e.externalUserId === 'wmAttempts')
      .map((e) => [e.status, e.attempts, e.failedAttempts])
    expect(runs).toEqual([
      ['parked', 8, 8],
      ['done', 5, 4],
      ['done', 1, 0],
    ])
    await events.delete({ externalUserId: 'wmAttempts' })
  })

  it('answers a retry of an event that is not parked or failed with 409 EVENT_NOT_RETRYABLE, and of no event with 404', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const events = h.app.dataSource.getRepository(WecomEventEntity)
    const retry = (id: string | number) =>
      head.send('POST', `/api/console/events/${id}/retry`)
    for (const status of ['done', 'pending', 'processing'] as const) {
      const dedupeKey = `console-test-${status}`
      await events.insert({
        dedupeKey,
        corpId: h.sim.corp.corpId,
        agentId: null,
        event: 'change_external_chat',
        changeType: 'update',
        updateDetail: 'change_name',
        kind: 'external_chat',
        userId: null,
        externalUserId: null,
        chatId: 'wrNotRetryable',
        createTime: 1_700_000_000,
        receivedAt: new Date(),
        payloadXml: '<xml/>',
        status,
        attempts: 1,
        lastError: null,
        nextAttemptAt: null,
        processedAt: null,
      } as never)
      const { id } = (await events.findOneBy({ dedupeKey }))!
      const res = await retry(id)
      expect([status, res.status]).toEqual([status, 409])
      expect(await res.json()).toMatchObject({
        error: { code: 'EVENT_NOT_RETRYABLE', details: { status } },
      })
      // Refused, and left as it was.
      expect((await events.findOneBy({ id } as never))!.status).toBe(status)
    }
    // Made up: no worker of a later test should take them.
    await events.delete({ chatId: 'wrNotRetryable' })
    const [last] = await h.app.dataSource.query<{ id: string | number }[]>(
      'SELECT MAX(id) AS id FROM wecom_event',
    )
    const missing = await retry(Number(last!.id) + 1000)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({
      error: { code: 'NOT_FOUND' },
    })
  })

  it('reports lost customers by who removed them, and alerts on a member removing many in a day', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const [butler] = await staffWithRole('butler')
    const today = new Date()
    const at = Math.floor(today.getTime() / 1000) - 3600
    for (let i = 0; i < 7; i++) {
      await recordFollowChange(h.app.dataSource, {
        userId: butler!.userId,
        externalUserId: `wmLost${i}`,
        kind: 'removed',
        endedBy: i < 6 ? 'member' : 'customer',
        at,
      })
    }
    const report = await json<LostReport>(head, '/api/console/lost?threshold=5')
    const mine = report.byMember.find((m) => m.userId === butler!.userId)!
    expect(mine).toMatchObject({ removedByMember: 6, removedByCustomer: 1 })
    expect(
      report.alerts.find((a) => a.userId === butler!.userId)?.removed,
    ).toBe(6)
    const calm = await json<LostReport>(head, '/api/console/lost?threshold=6')
    expect(calm.alerts.some((a) => a.userId === butler!.userId)).toBe(false)
    expect(report.recent.length).toBeGreaterThanOrEqual(7)

    // Head office's own member, in no hospital: the row of such members is
    // named for what it is and comes last, however many they lost.
    const [ops] = await staffWithRole('head_office_ops')
    for (let i = 0; i < 30; i++) {
      await recordFollowChange(h.app.dataSource, {
        userId: ops!.userId,
        externalUserId: `wmLostHq${i}`,
        kind: 'removed',
        endedBy: 'customer',
        at,
      })
    }
    const withHq = await json<LostReport>(head, '/api/console/lost')
    expect(withHq.byHospital.at(-1)).toMatchObject({
      id: '',
      name: '未归属门店的成员',
      removedByCustomer: 30,
    })
  })

  it('finds quiet groups and wakes them with one mass-message task per owner', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const quiet = await json<QuietGroups>(
      head,
      '/api/console/groups/quiet?days=30',
    )
    expect(quiet.groups.length).toBeGreaterThan(0)
    const picked = quiet.groups.filter((g) => g.owner).slice(0, 3)
    const before = h.sim.sent.messageTemplates.length
    const res = await head.send('POST', '/api/console/groups/wake', {
      chatIds: picked.map((g) => g.chatId),
      text: '免费体检名额已为您预留，回复“预约”即可',
    })
    expect(res.status).toBe(200)
    const result = (await res.json()) as WakeResult
    const owners = new Set(picked.map((g) => g.owner!.userId))
    expect(result.tasks).toHaveLength(owners.size)
    const sent = h.sim.sent.messageTemplates.slice(before)
    expect(sent).toHaveLength(owners.size)
    for (const task of sent) {
      expect(task.template).toMatchObject({
        chat_type: 'group',
        text: { content: expect.stringContaining('免费体检') },
      })
    }
    // Woken groups are no longer quiet; the task is on record.
    const after = await json<QuietGroups>(
      head,
      '/api/console/groups/quiet?days=30',
    )
    expect(
      after.groups.some((g) => picked.some((p) => p.chatId === g.chatId)),
    ).toBe(false)
    const log = await json<MassMessageLog>(head, '/api/console/mass-messages')
    expect(log.messages[0]).toMatchObject({
      purpose: 'wake',
      chatType: 'group',
    })
    // A region admin cannot wake another region's groups.
    const regional = await h.signIn(
      (await staffWithRole('region_admin'))[0]!.userId,
    )
    // Outside their region, not merely woken above (no longer quiet).
    const theirs = await json<ConsoleMe>(regional, '/api/console/me')
    const outside = quiet.groups.find(
      (g) => g.owner && !theirs.hospitals.some((x) => x.id === g.hospitalId),
    )
    expect(outside).toBeDefined()
    const refused = await regional.send('POST', '/api/console/groups/wake', {
      chatIds: [outside!.chatId],
      text: 'x',
    })
    expect(refused.status).toBe(404)
  })

  it('manages the quick-reply library by scope and counts sidebar sends', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const me = await json<ConsoleMe>(head, '/api/console/me')
    const created = await head.send('POST', '/api/console/quick-replies', {
      scope: 'region',
      regionId: me.regions[0]!.id,
      category: '活动',
      title: '双十二体检',
      kind: 'text',
      content: '{{petName}}的年度体检限时 8 折',
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    // A butler of that region sees it in the sidebar and sends it twice.
    const [butler] = await h.app.dataSource.query<{ user_id: string }[]>(
      `SELECT s.user_id FROM staff s JOIN hospital x ON x.wecom_department_id = s.main_department_id
        WHERE s.role = 'butler' AND x.region_id = ? LIMIT 1`,
      [me.regions[0]!.id],
    )
    const member = await h.signIn(butler!.user_id)
    expect(
      (await member.send('POST', `/api/sidebar/quick-replies/${id}/used`))
        .status,
    ).toBe(204)
    expect(
      (await member.send('POST', `/api/sidebar/quick-replies/${id}/used`))
        .status,
    ).toBe(204)
    const library = await json<{
      replies: LibraryReply[]
      variables: string[]
    }>(head, '/api/console/quick-replies')
    expect(library.replies.find((r) => r.id === id)).toMatchObject({
      uses30d: 2,
      editable: true,
    })
    // The editor knows every variable the library's replies use (the demo's
    // care replies use the per-kind ones), so it marks none of them.
    const used = new Set(
      library.replies.flatMap((r) =>
        [...JSON.stringify(r).matchAll(/\{\{\s*([A-Za-z]+)\s*\}\}/g)].map(
          (m) => m[1]!,
        ),
      ),
    )
    expect(used.has('vaccineDue') || used.has('dewormingDue')).toBe(true)
    expect([...used].filter((v) => !library.variables.includes(v))).toEqual([])

    // The admin of another region neither sees nor edits it.
    const admins = await staffWithRole('region_admin')
    for (const admin of admins) {
      const regional = await h.signIn(admin.userId)
      const mine = await json<ConsoleMe>(regional, '/api/console/me')
      if (mine.regions[0]!.id === me.regions[0]!.id) {
        continue
      }
      const seen = await json<{ replies: LibraryReply[] }>(
        regional,
        '/api/console/quick-replies',
      )
      expect(seen.replies.some((r) => r.id === id)).toBe(false)
      expect(
        (await regional.send('DELETE', `/api/console/quick-replies/${id}`))
          .status,
      ).toBe(403)
      expect(
        (
          await regional.send('POST', '/api/console/quick-replies', {
            scope: 'head_office',
            category: 'x',
            title: 'x',
            kind: 'text',
            content: 'x',
          })
        ).status,
      ).toBe(403)
      break
    }
    expect(
      (
        await head.send('POST', '/api/console/quick-replies', {
          scope: 'region',
          category: 'x',
          title: 'x',
          kind: 'link',
          content: 'x',
        })
      ).status,
    ).toBe(400)
    expect(
      (await head.send('DELETE', `/api/console/quick-replies/${id}`)).status,
    ).toBe(204)
    expect(
      (await member.send('POST', `/api/sidebar/quick-replies/${id}/used`))
        .status,
    ).toBe(404)
  })

  it('attaches to each customer only their own pets’ care article, one task per article (刘丽敏 got 朱明芳’s 术后 article)', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const list = await json<FollowUpsDue>(
      head,
      '/api/console/follow-ups?fromDays=1&toDays=365',
    )
    const inCare = (m: FollowUpsDue['members'][number], id: string) =>
      m.care.some((c) => c.externalUserId === id)
    const member = list.members.find(
      (m) =>
        m.care.some((c) => c.flag === 'post_surgery') &&
        m.due.some((d) => !inCare(m, d.externalUserId)),
    )!
    expect(member).toBeDefined()
    const surgery = member.care.find((c) => c.flag === 'post_surgery')!
    const routine = member.due.find((d) => !inCare(member, d.externalUserId))!
    const send = (body: object) =>
      head.send('POST', '/api/console/follow-ups/send', {
        userId: member.userId,
        externalUserIds: [routine.externalUserId, surgery.externalUserId],
        text: '最近还好吗？',
        ...body,
      })

    // One article for everyone picked is refused, not sent to the wrong one.
    const before = h.sim.sent.messageTemplates.length
    const mixed = await send({ articleId: surgery.article.id })
    expect(mixed.status).toBe(400)
    expect(h.sim.sent.messageTemplates.length).toBe(before)

    const res = await send({ withArticles: true })
    expect(res.status).toBe(200)
    const { tasks } = (await res.json()) as WakeResult
    expect(tasks.map((t) => [t.chatIds, t.articles.map((a) => a.id)])).toEqual([
      [[routine.externalUserId], []],
      [[surgery.externalUserId], ['post-surgery-home-care']],
    ])
    const sent = h.sim.sent.messageTemplates.slice(before)
    expect(sent).toHaveLength(2)
    const to = (id: string) =>
      sent.find((m) =>
        (m.template.external_userid as string[] | undefined)?.includes(id),
      )!.template
    expect(to(routine.externalUserId).attachments ?? []).toEqual([])
    expect(to(surgery.externalUserId).attachments).toEqual([
      {
        msgtype: 'link',
        link: { title: surgery.article.title, url: surgery.article.url },
      },
    ])
  })

  it('lists follow-ups due by the responsible butler and sends one as a task with its article', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const list = await json<FollowUpsDue>(
      head,
      '/api/console/follow-ups?fromDays=1&toDays=365',
    )
    const withDue = list.members.find((m) => m.due.length > 0)!
    expect(withDue).toBeDefined()
    for (const c of withDue.due) {
      expect(c.lastVisitOn <= h.today).toBe(true)
    }
    // The dog recovering from surgery is matched to the home-care article.
    const care = list.members.flatMap((m) =>
      m.care.map((c) => ({ ...c, userId: m.userId })),
    )
    const surgery = care.find((c) => c.flag === 'post_surgery')!
    expect(surgery.article.id).toBe('post-surgery-home-care')

    const before = h.sim.sent.messageTemplates.length
    const res = await head.send('POST', '/api/console/follow-ups/send', {
      userId: surgery.userId,
      externalUserIds: [surgery.externalUserId],
      text: `${surgery.petName}术后一周啦，伤口恢复得怎么样？`,
      withArticles: true,
    })
    expect(res.status).toBe(200)
    const sent = h.sim.sent.messageTemplates.slice(before)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.template).toMatchObject({
      chat_type: 'single',
      sender: surgery.userId,
      external_userid: [surgery.externalUserId],
      attachments: [{ msgtype: 'link', link: { url: surgery.article.url } }],
    })
    // A follow-up sent takes a customer off the due list, and so does a note.
    const messaged = withDue.due.at(-1)!
    expect(
      (
        await head.send('POST', '/api/console/follow-ups/send', {
          userId: withDue.userId,
          externalUserIds: [messaged.externalUserId],
          text: '最近还好吗？',
        })
      ).status,
    ).toBe(200)
    const afterSend = await json<FollowUpsDue>(
      head,
      '/api/console/follow-ups?fromDays=1&toDays=365',
    )
    expect(
      afterSend.members
        .flatMap((m) => m.due)
        .some((c) => c.customerId === messaged.customerId),
    ).toBe(false)
    const customer = withDue.due[0]!
    const butler = await h.signIn(withDue.userId)
    await butler.send('POST', '/api/sidebar/notes', {
      externalUserId: customer.externalUserId,
      text: '已回访',
    })
    const again = await json<FollowUpsDue>(
      head,
      '/api/console/follow-ups?fromDays=1&toDays=365',
    )
    expect(
      again.members
        .flatMap((m) => m.due)
        .some((c) => c.customerId === customer.customerId),
    ).toBe(false)
    // Customers the member does not follow are refused.
    const refused = await head.send('POST', '/api/console/follow-ups/send', {
      userId: surgery.userId,
      externalUserIds: ['wmNotTheirs'],
      text: 'x',
    })
    expect(refused.status).toBe(404)
  })

  it('lets a region change its vaccine protocol, and the sidebar’s due dates follow', async () => {
    const [admin] = await staffWithRole('region_admin')
    const regional = await h.signIn(admin!.userId)
    const me = await json<ConsoleMe>(regional, '/api/console/me')
    const regionId = me.regions[0]!.id
    // A dog of this region with a rabies dose on record.
    const [dog] = await h.app.dataSource.query<
      { external_user_id: string; pet_id: string }[]
    >(
      `SELECT b.external_user_id, p.id AS pet_id FROM pet p
         JOIN hospital_customer c ON c.id = p.customer_id
         JOIN hospital x ON x.id = c.hospital_id AND x.region_id = ?
         JOIN customer_binding b ON b.customer_id = c.id AND b.unbound_at IS NULL
         JOIN vaccination v ON v.pet_id = p.id AND v.vaccine_id = 'dog-core-rabies'
        WHERE p.species = 'dog' ORDER BY p.id LIMIT 1`,
      [regionId],
    )
    const headId = (await staffWithRole('head_office_ops'))[0]!.userId
    // A new service each time: the sidebar keeps a region's protocol for a
    // minute, which a new process (or the next minute) does not.
    const rabiesDue = async () => {
      const service = new SidebarService(
        h.app.dataSource,
        new AccessPolicy(h.app.dataSource),
      )
      const principal = (await loadPrincipal(h.app.dataSource, headId))!
      const view = await service.contactView(principal, dog!.external_user_id, {
        ip: null,
        userAgent: null,
      })
      const pet = view.record!.pets.find((p) => p.id === dog!.pet_id)!
      return pet.vaccines.find((v) => v.id === 'dog-core-rabies')!.nextDueOn
    }
    const before = await rabiesDue()
    const protocolPath = `/api/console/protocol/${regionId}`
    const unknownVaccine = {
      region: '本地',
      vaccines: { 'dog-core-nope': { revaccinationMonths: 36 } },
    }
    expect(
      (await regional.send('PUT', protocolPath, unknownVaccine)).status,
    ).toBe(400)
    // Later whichever step the dog is at: the booster and revaccination.
    const later = {
      region: '本地',
      vaccines: {
        'dog-core-rabies': {
          booster: { kind: 'after_primary', months: 24 },
          revaccinationMonths: 60,
        },
      },
    }
    // A 999-month booster (saved once by a new user) and a word are refused
    // field by field, with the limits; nothing is saved.
    const silly = await regional.send('PUT', protocolPath, {
      region: '本地',
      vaccines: {
        'dog-core-rabies': {
          booster: { kind: 'after_primary', months: 999 },
          revaccinationMonths: 'abc',
        },
      },
      deworming: { 'dog-internal': { adultIntervalMonths: 0 } },
    })
    expect(silly.status).toBe(400)
    expect(
      ((await silly.json()) as { error: { details: { errors: unknown[] } } })
        .error.details.errors,
    ).toEqual([
      {
        code: 'PROTOCOL_OUT_OF_RANGE',
        id: 'dog-core-rabies',
        field: 'revaccinationMonths',
        value: 'abc',
        min: 6,
        max: 60,
      },
      {
        code: 'PROTOCOL_OUT_OF_RANGE',
        id: 'dog-core-rabies',
        field: 'booster.months',
        value: 999,
        min: 1,
        max: 24,
      },
      {
        code: 'PROTOCOL_OUT_OF_RANGE',
        id: 'dog-internal',
        field: 'adultIntervalMonths',
        value: 0,
        min: 1,
        max: 12,
      },
    ])
    expect(
      (await json<{ overrides: unknown }>(regional, protocolPath)).overrides,
    ).toBeNull()
    expect(
      (await json<{ limits: unknown }>(regional, protocolPath)).limits,
    ).toMatchObject({
      vaccine: { revaccinationMonths: { min: 6, max: 60 } },
      deworming: { adultIntervalMonths: { min: 1, max: 12 } },
    })
    expect((await regional.send('PUT', protocolPath, later)).status).toBe(204)
    const read = await json<{ updatedBy: string }>(regional, protocolPath)
    expect(read.updatedBy).toBe(admin!.userId)
    expect((await rabiesDue()) > before).toBe(true)
    // A store manager may read it, not change it.
    const [manager] = await staffWithRole('store_manager')
    const store = await h.signIn(manager!.userId)
    const storeMe = await json<ConsoleMe>(store, '/api/console/me')
    const storePath = `/api/console/protocol/${storeMe.regions[0]!.id}`
    expect((await store.get(storePath)).status).toBe(200)
    expect((await store.send('PUT', storePath, later)).status).toBe(403)
    expect((await regional.send('DELETE', protocolPath)).status).toBe(204)
    expect(await rabiesDue()).toBe(before)
  })

  it('says whether the leaderboard’s week is still in progress in China time', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const thisWeek = isoWeekOf(chinaToday())
    const board = (week?: string) =>
      json<LeaderboardResponse>(
        head,
        `/api/console/leaderboard${week ? `?week=${week}` : ''}`,
      )
    expect(await board()).toMatchObject({
      week: thisWeek,
      weekInProgress: true,
    })
    expect((await board(thisWeek)).weekInProgress).toBe(true)
    expect((await board(addIsoWeeks(thisWeek, -1))).weekInProgress).toBe(false)
    expect((await board('2025-W01')).weekInProgress).toBe(false)
    expect((await board(addIsoWeeks(thisWeek, 1))).weekInProgress).toBe(true)
  })

  it('pages the audit with its page size and the total of every page', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const [customer] = await h.app.dataSource.query<
      { external_user_id: string }[]
    >(
      `SELECT external_user_id FROM customer_binding
        WHERE unbound_at IS NULL ORDER BY external_user_id LIMIT 1`,
    )
    // Each opening of the chat's records is one audit entry per pet.
    for (let i = 0; i < 3; i++) {
      await head.get(`/api/sidebar/contacts/${customer!.external_user_id}`)
    }
    const [{ n }] = (await h.app.dataSource.query<{ n: string | number }[]>(
      'SELECT COUNT(*) AS n FROM record_audit WHERE user_id = ?',
      [head.userId],
    )) as [{ n: string | number }]
    const first = await json<AuditPage>(
      head,
      `/api/console/audit?userId=${head.userId}`,
    )
    expect(first).toMatchObject({ pageSize: 50, total: Number(n) })
    expect(first.total).toBeGreaterThanOrEqual(3)
    // The total stays that of the filters on a later page.
    const oldest = first.entries.at(-1)!.id
    const later = await json<AuditPage>(
      head,
      `/api/console/audit?userId=${head.userId}&before=${oldest}`,
    )
    expect(later.total).toBe(first.total)
    const nobody = await json<AuditPage>(
      head,
      '/api/console/audit?userId=NoSuchMember',
    )
    expect(nobody).toMatchObject({ entries: [], total: 0, next: null })
  })

  describe('a customer group', () => {
    /** Console users of each level, with the hospitals they see. */
    async function consoleUsers(role: string) {
      const users = []
      for (const s of await staffWithRole(role)) {
        const member = await h.signIn(s.userId)
        const me = await json<ConsoleMe>(member, '/api/console/me')
        users.push({ member, hospitals: me.hospitals.map((x) => x.id) })
      }
      return users
    }

    it('opens for head office with its name checked, its record, owner, roles and members', async () => {
      const head = await h.signIn(
        (await staffWithRole('head_office_ops'))[0]!.userId,
      )
      const problems = await json<GroupProblems>(
        head,
        '/api/console/groups/problems',
      )
      const listed = problems.groups.find(
        (g) => g.owner && g.hospitalId && g.missingRoles.length > 0,
      )!
      const detail = await json<GroupDetail>(
        head,
        `/api/console/groups/${listed.chatId}`,
      )
      expect(detail.group).toMatchObject({
        chatId: listed.chatId,
        name: listed.name,
        owner: listed.owner,
        hospitalId: listed.hospitalId,
        nameProblem: listed.nameProblem,
        missingRoles: listed.missingRoles,
        memberCount: listed.memberCount,
        dismissed: false,
        dismissedAt: null,
      })
      expect(Date.parse(detail.group.createdAt!)).toBeGreaterThan(0)

      // Every member WeCom listed, as the stored stays have them.
      const stays = await h.app.dataSource.query<
        { member_id: string; member_type: number; role: string | null }[]
      >(
        `SELECT m.member_id, m.member_type, s.role FROM group_member m
           LEFT JOIN staff s ON s.user_id = m.member_id
          WHERE m.chat_id = ? AND m.left_at IS NULL`,
        [listed.chatId],
      )
      expect(detail.members).toHaveLength(stays.length)
      expect(detail.members).toHaveLength(listed.memberCount)
      for (const stay of stays) {
        const m = detail.members.find((x) => x.id === stay.member_id)!
        expect(m.type).toBe(
          Number(stay.member_type) === 1 ? 'member' : 'customer',
        )
        expect(m.role).toBe(
          Number(stay.member_type) === 1 ? (stay.role ?? null) : null,
        )
        expect(Date.parse(m.joinedAt)).toBeGreaterThan(0)
      }
      // The owner first, then the corp's members, then customers.
      expect(detail.members[0]).toMatchObject({
        id: listed.owner!.userId,
        isOwner: true,
      })
      const types = detail.members.map((m) => m.type)
      expect(types.indexOf('customer')).toBeGreaterThan(
        types.lastIndexOf('member'),
      )
      // The roles present and those missing do not overlap.
      const present = new Set(detail.group.rolesPresent)
      expect(detail.group.missingRoles.some((r) => present.has(r))).toBe(false)
      for (const m of detail.members.filter((x) => x.role)) {
        expect(present.has(m.role!)).toBe(true)
      }

      // A rule-following group names its customer and pet.
      const [named] = await h.app.dataSource.query<
        { chat_id: string; customer_code: string; pet_name: string }[]
      >(
        `SELECT g.chat_id, g.customer_code, g.pet_name FROM customer_group g
           JOIN hospital_customer c ON c.id = g.customer_code
          WHERE g.name_problem IS NULL AND g.dismissed_at IS NULL
          ORDER BY g.chat_id LIMIT 1`,
      )
      const good = await json<GroupDetail>(
        head,
        `/api/console/groups/${named!.chat_id}`,
      )
      expect(good.group.nameProblem).toBeNull()
      expect(good.group.parsedName).toMatchObject({
        customerId: named!.customer_code,
        petName: named!.pet_name,
      })
      expect(good.group.customer?.id).toBe(named!.customer_code)

      expect((await head.get('/api/console/groups/wrNoSuchGroup')).status).toBe(
        404,
      )
    })

    it('opens for the region admin and store manager of its owner’s hospital, and is a 404 to the others', async () => {
      const head = await h.signIn(
        (await staffWithRole('head_office_ops'))[0]!.userId,
      )
      const all = await json<GroupProblems>(
        head,
        '/api/console/groups/problems',
      )
      const group = all.groups.find((g) => g.hospitalId)!
      const path = `/api/console/groups/${group.chatId}`
      const admins = await consoleUsers('region_admin')
      const managers = await consoleUsers('store_manager')
      const theirs = (u: { hospitals: string[] }) =>
        u.hospitals.includes(group.hospitalId!)
      expect(admins.some(theirs)).toBe(true)
      expect(admins.some((u) => !theirs(u))).toBe(true)

      for (const u of [...admins, ...managers]) {
        const res = await u.member.get(path)
        expect([u.member.userId, res.status]).toEqual([
          u.member.userId,
          theirs(u) ? 200 : 404,
        ])
        const history = await u.member.get(`${path}/history`)
        expect(history.status).toBe(theirs(u) ? 200 : 404)
        // The lists agree: the group is listed exactly where it opens.
        const listed = await json<GroupProblems>(
          u.member,
          '/api/console/groups/problems',
        )
        expect(listed.groups.some((g) => g.chatId === group.chatId)).toBe(
          theirs(u),
        )
      }
      // Out of scope reads the same as no such group.
      const outsider = admins.find((u) => !theirs(u))!
      expect(await (await outsider.member.get(path)).json()).toMatchObject({
        error: { code: 'NOT_FOUND' },
      })
      expect(managers.some(theirs)).toBe(true)
    })

    it('pages a large group’s history newest first, with the total', async () => {
      const head = await h.signIn(
        (await staffWithRole('head_office_ops'))[0]!.userId,
      )
      const [largest] = await h.app.dataSource.query<
        { chat_id: string; member_count: number }[]
      >(
        `SELECT chat_id, member_count FROM customer_group
          WHERE dismissed_at IS NULL ORDER BY member_count DESC LIMIT 1`,
      )
      const path = `/api/console/groups/${largest!.chat_id}`
      const detail = await json<GroupDetail>(head, path)
      expect(detail.members).toHaveLength(Number(largest!.member_count))
      expect(detail.members.length).toBeGreaterThan(100)
      // A re-synced group: its creation and each member's joining.
      expect(detail.history).toMatchObject({
        page: 1,
        pageSize: 50,
        total: detail.members.length + 1,
      })
      expect(detail.history.entries).toHaveLength(50)

      const pages: GroupHistoryPage[] = []
      for (let page = 1; ; page++) {
        const next = await json<GroupHistoryPage>(
          head,
          `${path}/history?page=${page}&pageSize=40`,
        )
        pages.push(next)
        if (next.entries.length < 40) {
          break
        }
      }
      const entries = pages.flatMap((p) => p.entries)
      expect(entries).toHaveLength(detail.history.total)
      expect(pages.every((p) => p.total === detail.history.total)).toBe(true)
      expect(entries.slice(0, 50)).toEqual(detail.history.entries)
      const times = entries.map((e) => Date.parse(e.at))
      expect(times).toEqual([...times].sort((a, b) => b - a))
      expect(entries.at(-1)!.kind).toBe('created')
      expect(
        new Set(
          entries.filter((e) => e.kind === 'joined').map((e) => e.member!.id),
        ),
      ).toEqual(new Set(detail.members.map((m) => m.id)))
      expect((await head.get(`${path}/history?pageSize=101`)).status).toBe(400)
      expect((await head.get(`${path}/history?page=0`)).status).toBe(400)
    })

    it('keeps the history the worker wrote from WeCom’s callbacks: created, joined, renamed, left, dismissed', async () => {
      const unused = h.sim.callbacks.url
      h.sim.callbacks.url = h.app.callbackUrl
      const services = createWecomServices({
        config: h.app.config,
        dataSource: h.app.dataSource,
        logger: pino({ level: 'silent' }),
      })!
      const drain = async () => {
        await services.worker.drain()
        h.advance(60)
      }
      try {
        const [butler] = await staffWithRole('butler')
        const [doctor] = await staffWithRole('doctor')
        const [nurse] = await staffWithRole('nurse')
        const { customer } = await h.sim.addCustomer({
          userid: butler!.userId,
          name: '豆豆妈',
        })
        await drain()
        const { group } = await h.sim.createGroupChat({
          owner: butler!.userId,
          name: 'C99001-豆豆-呕吐',
          members: [customer.externalUserId, doctor!.userId],
        })
        await drain()
        await h.sim.renameGroupChat(group.chatId, '豆豆妈的群')
        await drain()
        await h.sim.addGroupMembers(group.chatId, [nurse!.userId], {
          joinScene: 3,
        })
        await drain()
        await h.sim.removeGroupMembers(group.chatId, [doctor!.userId], {
          quitScene: 1,
        })
        await drain()
        await h.sim.changeGroupNotice(group.chatId, '复诊请提前一天预约')
        await drain()
        await h.sim.dismissGroupChat(group.chatId)
        await drain()

        const head = await h.signIn(
          (await staffWithRole('head_office_ops'))[0]!.userId,
        )
        const detail = await json<GroupDetail>(
          head,
          `/api/console/groups/${group.chatId}`,
        )
        expect(detail.group).toMatchObject({
          name: '豆豆妈的群',
          nameProblem: 'NO_CUSTOMER_ID',
          parsedName: null,
          notice: '复诊请提前一天预约',
          owner: { userId: butler!.userId, name: butler!.name },
          dismissed: true,
        })
        expect(detail.group.dismissedAt).not.toBeNull()
        // Those in it when it ended; the doctor had been removed.
        expect(
          detail.members.map((m) => [m.id, m.type, m.role, m.joinScene]),
        ).toEqual([
          [butler!.userId, 'member', 'butler', 'invited'],
          [nurse!.userId, 'member', 'nurse', 'qr_code'],
          [customer.externalUserId, 'customer', null, 'invited'],
        ])
        expect(detail.members[2]!.name).toBe('豆豆妈')
        expect(detail.members[2]!.invitor).toEqual({
          userId: butler!.userId,
          name: butler!.name,
        })
        expect(detail.group.rolesPresent).toEqual(['butler', 'nurse'])

        const history = detail.history.entries.map((e) => [
          e.kind,
          e.member?.id ?? null,
        ])
        expect(history).toEqual([
          ['dismissed', null],
          ['notice_changed', null],
          ['left', doctor!.userId],
          ['joined', nurse!.userId],
          ['renamed', null],
          // At one second, by id.
          ...[butler!.userId, customer.externalUserId, doctor!.userId]
            .sort()
            .map((id) => ['joined', id]),
          ['created', null],
        ])
        expect(detail.history.total).toBe(history.length)
        const left = detail.history.entries[2]!
        expect(left).toMatchObject({ quitScene: 'removed', estimated: false })
        expect(left.member).toMatchObject({
          type: 'member',
          name: doctor!.name,
        })
        const joined = detail.history.entries[3]!
        expect(joined).toMatchObject({ joinScene: 'qr_code', invitor: null })
        // Each step a minute after the one before, as the clock moved.
        const times = detail.history.entries.map((e) => Date.parse(e.at) / 1000)
        expect(times[0]! - times[1]!).toBe(60)
        expect(times[4]! - times.at(-1)!).toBe(60)
        expect(times.at(-2)).toBe(times.at(-1))
      } finally {
        h.sim.callbacks.url = unused
        await services.close()
      }
    })
  })

  describe('GET /api/console/members', () => {
    it('finds members by name or userid, within the user’s scope, with role and hospital', async () => {
      const head = await h.signIn(
        (await staffWithRole('head_office_ops'))[0]!.userId,
      )
      const staff = await h.app.dataSource.getRepository(StaffEntity).find()
      const everyone = await json<ConsoleMemberList>(
        head,
        '/api/console/members?limit=50',
      )
      expect(everyone.members).toHaveLength(Math.min(50, staff.length))
      const [doctor] = await staffWithRole('doctor')
      const byName = await json<ConsoleMemberList>(
        head,
        `/api/console/members?q=${encodeURIComponent(doctor!.name)}`,
      )
      expect(byName.members[0]).toMatchObject({
        userId: doctor!.userId,
        name: doctor!.name,
        role: 'doctor',
        left: false,
      })
      expect(byName.members[0]!.hospital).not.toBeNull()
      const byId = await json<ConsoleMemberList>(
        head,
        `/api/console/members?q=${doctor!.userId.toLowerCase()}`,
      )
      expect(byId.members[0]!.userId).toBe(doctor!.userId)
      expect(
        (await json<ConsoleMemberList>(head, '/api/console/members?limit=3'))
          .members,
      ).toHaveLength(3)
      expect((await head.get('/api/console/members?limit=51')).status).toBe(400)

      // A region admin finds their region's members only.
      const [admin] = await staffWithRole('region_admin')
      const regional = await h.signIn(admin!.userId)
      const me = await json<ConsoleMe>(regional, '/api/console/me')
      const mine = new Set(me.hospitals.map((x) => x.id))
      const theirs = await json<ConsoleMemberList>(
        regional,
        '/api/console/members?limit=50',
      )
      expect(theirs.members.length).toBeGreaterThan(0)
      for (const m of theirs.members) {
        expect(mine.has(m.hospital!.id)).toBe(true)
      }
      const elsewhere = everyone.members.find(
        (m) => m.hospital && !mine.has(m.hospital.id),
      )!
      expect(
        (
          await json<ConsoleMemberList>(
            regional,
            `/api/console/members?q=${elsewhere.userId}`,
          )
        ).members.some((m) => m.userId === elsewhere.userId),
      ).toBe(false)

      const [manager] = await staffWithRole('store_manager')
      const store = await h.signIn(manager!.userId)
      const storeMe = await json<ConsoleMe>(store, '/api/console/me')
      const found = await json<ConsoleMemberList>(
        store,
        '/api/console/members?limit=50',
      )
      expect(
        found.members.every((m) => m.hospital?.id === storeMe.hospitals[0]!.id),
      ).toBe(true)
    })
  })

  it('saves an image quick reply by URL, which the sidebar offers, and uploads a changed picture afresh', async () => {
    const head = await h.signIn(
      (await staffWithRole('head_office_ops'))[0]!.userId,
    )
    const reply = {
      scope: 'head_office',
      category: '疫苗',
      title: '驱虫时间表',
      kind: 'image',
      content: '成犬成猫的体内外驱虫间隔',
      imageUrl: 'https://img.example.com/deworming.png',
    }
    const created = await head.send('POST', '/api/console/quick-replies', reply)
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const library = await json<{ replies: LibraryReply[] }>(
      head,
      '/api/console/quick-replies',
    )
    expect(library.replies.find((r) => r.id === id)).toMatchObject({
      kind: 'image',
      imageUrl: reply.imageUrl,
      link: null,
      editable: true,
    })
    const [butler] = await staffWithRole('butler')
    const member = await h.signIn(butler!.userId)
    const sidebar = await json<{
      replies: { id: string; kind: string; imageUrl: string | null }[]
    }>(member, '/api/sidebar/quick-replies')
    expect(sidebar.replies.find((r) => r.id === id)).toMatchObject({
      kind: 'image',
      imageUrl: reply.imageUrl,
    })

    // As if the sidebar had sent it: WeCom holds the old picture.
    const replies = h.app.dataSource.getRepository(QuickReplyEntity)
    await replies.update(
      { id },
      {
        mediaId: 'media-old',
        mediaExpiresAt: new Date(Date.now() + 86_400_000),
      },
    )
    const retitled = { ...reply, title: '驱虫间隔表' }
    expect(
      (await head.send('PUT', `/api/console/quick-replies/${id}`, retitled))
        .status,
    ).toBe(204)
    expect((await replies.findOneBy({ id }))!.mediaId).toBe('media-old')
    const repictured = { ...retitled, imageUrl: '/sidebar/quick-replies/x.png' }
    expect(
      (await head.send('PUT', `/api/console/quick-replies/${id}`, repictured))
        .status,
    ).toBe(204)
    expect(await replies.findOneBy({ id })).toMatchObject({
      imageUrl: '/sidebar/quick-replies/x.png',
      mediaId: null,
      mediaExpiresAt: null,
    })
    // A text reply carries no picture.
    expect(
      (
        await head.send('PUT', `/api/console/quick-replies/${id}`, {
          ...repictured,
          kind: 'text',
        })
      ).status,
    ).toBe(204)
    expect((await replies.findOneBy({ id }))!.imageUrl).toBeNull()

    for (const imageUrl of [
      undefined,
      'javascript:alert(1)',
      '//evil.example.com/a.png',
      'ftp://img.example.com/a.png',
    ]) {
      const res = await head.send('POST', '/api/console/quick-replies', {
        ...reply,
        imageUrl,
      })
      expect([imageUrl, res.status]).toEqual([imageUrl, 400])
    }
  })
})
