/**
 * The console API on the demo world, on SQLite and MariaDB: who may use it,
 * the local admin account, and that every list is narrowed to the user's
 * part of the organisation.
 */
import type {
  AuditPage,
  ConsoleMe,
  EventLogPage,
  GroupProblems,
  Leaderboard,
  RepurchaseReport,
} from '@petcare/shared'
import { setLocalAccount } from '../src/modules/auth/local-accounts'
import { StaffEntity } from '../src/modules/directory/staff.entity'
import { HospitalEntity } from '../src/modules/record/hospital.entity'
import { WecomEventEntity } from '../src/modules/wecom-callback/wecom-event.entity'
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
    expect(
      (await head.send('POST', `/api/console/events/${id}/retry`)).status,
    ).toBe(204)
    expect((await events.findOneBy({ id } as never))!.status).toBe('pending')
    expect(
      (await head.send('POST', `/api/console/events/${id}/retry`)).status,
    ).toBe(404)
  })
})
