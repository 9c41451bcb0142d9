/**
 * The console API on the demo world, on SQLite and MariaDB: who may use it,
 * the local admin account, and that every list is narrowed to the user's
 * part of the organisation.
 */
import type {
  FollowUpsDue,
  LibraryReply,
  LostReport,
  MassMessageLog,
  QuietGroups,
  WakeResult,
  AuditPage,
  ConsoleMe,
  EventLogPage,
  GroupProblems,
  Leaderboard,
  RepurchaseReport,
} from '@petcare/shared'
import { setLocalAccount } from '../src/modules/auth/local-accounts'
import { AccessPolicy } from '../src/modules/auth/access'
import { loadPrincipal } from '../src/modules/auth/principal'
import { recordFollowChange } from '../src/modules/customer/follow-change'
import { SidebarService } from '../src/modules/sidebar/sidebar.service'
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
    const theirs = await json<QuietGroups>(
      regional,
      '/api/console/groups/quiet?days=30',
    )
    const outside = quiet.groups.find(
      (g) => !theirs.groups.some((t) => t.chatId === g.chatId),
    )
    if (outside) {
      const refused = await regional.send('POST', '/api/console/groups/wake', {
        chatIds: [outside.chatId],
        text: 'x',
      })
      expect(refused.status).toBe(404)
    }
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
    const library = await json<{ replies: LibraryReply[] }>(
      head,
      '/api/console/quick-replies',
    )
    expect(library.replies.find((r) => r.id === id)).toMatchObject({
      uses30d: 2,
      editable: true,
    })

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
      articleId: surgery.article.id,
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
})
