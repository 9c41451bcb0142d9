/**
 * Customer moments in the console, on the demo world, on SQLite and
 * MariaDB: the daily quota per owner (also when admins plan at once), who
 * may plan what, and publishing through the WeCom simulator.
 */
import { addDays } from '@petcare/domain'
import type { ConsoleMe, MomentCalendar, MomentPost } from '@petcare/shared'
import { consoleScope } from '../src/modules/console/scope'
import { loadPrincipal } from '../src/modules/auth/principal'
import { StaffEntity } from '../src/modules/directory/staff.entity'
import { MomentsService } from '../src/modules/moments/moments.service'
import { RegionEntity } from '../src/modules/record/hospital.entity'
import { databaseTargets } from './databases'
import {
  startSidebarHarness,
  type Member,
  type SidebarHarness,
} from './sidebar-harness'

jest.setTimeout(60_000)

const MOMENTS = '/api/console/moments'

describe.each(databaseTargets())('customer moments on $name', (target) => {
  let h: SidebarHarness
  let drop: () => Promise<void>
  let head: Member
  let regional: Member
  /** The region admin's region, and another one. */
  let mine: string
  let other: string

  beforeAll(async () => {
    const db = await target.create()
    drop = db.drop
    h = await startSidebarHarness(db.config)
    head = await h.signIn((await staffWithRole('head_office_ops'))[0]!.userId)
    regional = await h.signIn((await staffWithRole('region_admin'))[0]!.userId)
    const me = (await (
      await regional.get('/api/console/me')
    ).json()) as ConsoleMe
    mine = me.regions[0]!.id
    const regions = await h.app.dataSource.getRepository(RegionEntity).find()
    other = regions.find((r) => r.id !== mine)!.id
  })

  afterAll(async () => {
    await h?.close()
    await drop?.()
  })

  async function staffWithRole(role: string) {
    return h.app.dataSource
      .getRepository(StaffEntity)
      .findBy({ role: role as never })
  }

  const day = (offset: number) => addDays(h.today, offset)

  const plan = (
    member: Member,
    body: { day: string; owner: string; text?: string; link?: unknown },
  ) =>
    member.send('POST', MOMENTS, { text: '周末会员日，到店体检八折', ...body })

  async function planned(
    member: Member,
    body: { day: string; owner: string; text?: string; link?: unknown },
  ): Promise<MomentPost> {
    const res = await plan(member, body)
    expect(res.status).toBe(201)
    return (await res.json()) as MomentPost
  }

  async function calendar(
    member: Member,
    from: string,
    to = from,
  ): Promise<MomentCalendar> {
    const res = await member.get(`${MOMENTS}?from=${from}&to=${to}`)
    expect(res.status).toBe(200)
    return (await res.json()) as MomentCalendar
  }

  const codeOf = async (res: Response) => [
    res.status,
    ((await res.json()) as { error: { code: string } }).error.code,
  ]

  it('holds head office to two posts a day and a region to one', async () => {
    const first = await planned(head, { day: day(10), owner: 'head_office' })
    const second = await planned(head, { day: day(10), owner: 'head_office' })
    expect([first.slot, second.slot]).toEqual([1, 2])
    expect(
      await codeOf(await plan(head, { day: day(10), owner: 'head_office' })),
    ).toEqual([409, 'MOMENT_QUOTA_FULL'])

    const region = await planned(regional, { day: day(10), owner: mine })
    expect(region).toMatchObject({ slot: 1, status: 'planned', editable: true })
    expect(
      await codeOf(await plan(regional, { day: day(10), owner: mine })),
    ).toEqual([409, 'MOMENT_QUOTA_FULL'])
    // Another region's quota and another day's are their own.
    await planned(head, { day: day(10), owner: other })
    await planned(regional, { day: day(11), owner: mine })
    await planned(head, { day: day(11), owner: 'head_office' })

    const view = await calendar(head, day(10), day(11))
    const used = (d: string, owner: string) =>
      view.quota.find((q) => q.day === d && q.owner === owner)
    expect(used(day(10), 'head_office')).toMatchObject({ used: 2, limit: 2 })
    expect(used(day(10), mine)).toMatchObject({ used: 1, limit: 1 })
    expect(used(day(11), 'head_office')).toMatchObject({ used: 1, limit: 2 })
    expect(view.posts.filter((p) => p.day === day(10))).toHaveLength(4)

    // Deleting a post frees its slot for the next plan.
    expect((await head.send('DELETE', `${MOMENTS}/${first.id}`)).status).toBe(
      204,
    )
    const again = await planned(head, { day: day(10), owner: 'head_office' })
    expect(again.slot).toBe(1)
  })

  it('gives exactly the quota to admins planning the same day at once', async () => {
    const second = await h.signIn(
      (await staffWithRole('head_office_ops')).at(-1)!.userId,
    )
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        plan(i % 2 ? head : second, {
          day: day(20),
          owner: 'head_office',
          text: `第 ${i} 条`,
        }),
      ),
    )
    const statuses = answers.map((r) => r.status).sort()
    expect(statuses).toEqual([201, 201, ...Array(8).fill(409)])
    const regionAnswers = await Promise.all(
      Array.from({ length: 5 }, () =>
        plan(regional, { day: day(20), owner: mine }),
      ),
    )
    expect(regionAnswers.map((r) => r.status).sort()).toEqual([
      201, 409, 409, 409, 409,
    ])

    const rows = await h.app.dataSource.query<
      { owner: string; slot: number }[]
    >(
      'SELECT owner, slot FROM moment_post WHERE day = ? ORDER BY owner, slot',
      [day(20)],
    )
    expect(rows.map((r) => `${r.owner}#${r.slot}`).sort()).toEqual(
      ['head_office#1', 'head_office#2', `${mine}#1`].sort(),
    )
  })

  it('moves a post to another day only into a free slot', async () => {
    const post = await planned(regional, { day: day(30), owner: mine })
    await planned(regional, { day: day(31), owner: mine })
    const full = await regional.send('PUT', `${MOMENTS}/${post.id}`, {
      day: day(31),
      text: '改期',
    })
    expect(await codeOf(full)).toEqual([409, 'MOMENT_QUOTA_FULL'])
    const moved = await regional.send('PUT', `${MOMENTS}/${post.id}`, {
      day: day(32),
      text: '改到下周',
      link: { title: '活动详情', url: 'https://example.com/a' },
    })
    expect(moved.status).toBe(200)
    expect(await moved.json()).toMatchObject({
      day: day(32),
      slot: 1,
      text: '改到下周',
      link: { title: '活动详情', url: 'https://example.com/a' },
    })
    // The same text again is no change, and no error.
    const same = await regional.send('PUT', `${MOMENTS}/${post.id}`, {
      day: day(32),
      text: '改到下周',
      link: { title: '活动详情', url: 'https://example.com/a' },
    })
    expect(same.status).toBe(200)
    const view = await calendar(regional, day(30), day(32))
    expect(view.posts.map((p) => p.day).sort()).toEqual([day(31), day(32)])
  })

  it('lets a region admin plan only their region, and shows them head office’s read only', async () => {
    expect(
      await codeOf(
        await plan(regional, { day: day(40), owner: 'head_office' }),
      ),
    ).toEqual([403, 'NOT_IN_SCOPE'])
    expect(
      await codeOf(await plan(regional, { day: day(40), owner: other })),
    ).toEqual([403, 'NOT_IN_SCOPE'])
    const theirs = await planned(head, { day: day(40), owner: other })
    const office = await planned(head, { day: day(40), owner: 'head_office' })
    await planned(regional, { day: day(40), owner: mine })

    const view = await calendar(regional, day(40))
    expect(view.owners.map((o) => [o.id, o.plannable])).toEqual([
      ['head_office', false],
      [mine, true],
    ])
    expect(view.posts.map((p) => [p.owner, p.editable]).sort()).toEqual(
      [
        ['head_office', false],
        [mine, true],
      ].sort(),
    )
    expect(view.posts.some((p) => p.id === theirs.id)).toBe(false)

    const edit = { day: day(40), text: 'x' }
    expect(
      await codeOf(await regional.send('PUT', `${MOMENTS}/${office.id}`, edit)),
    ).toEqual([403, 'NOT_IN_SCOPE'])
    expect(
      await codeOf(await regional.send('DELETE', `${MOMENTS}/${office.id}`)),
    ).toEqual([403, 'NOT_IN_SCOPE'])
    expect(
      await codeOf(await regional.send('PUT', `${MOMENTS}/${theirs.id}`, edit)),
    ).toEqual([404, 'NOT_FOUND'])
    expect(
      await codeOf(
        await regional.send('POST', `${MOMENTS}/${theirs.id}/publish`),
      ),
    ).toEqual([404, 'NOT_FOUND'])

    // Head office sees every region and may plan for each.
    const all = await calendar(head, day(40))
    expect(all.owners.every((o) => o.plannable)).toBe(true)
    expect(all.posts).toHaveLength(3)
  })

  it('shows a store manager their region and head office, read only, and refuses a butler', async () => {
    await planned(regional, { day: day(41), owner: mine })
    const managers = await h.app.dataSource.query<{ user_id: string }[]>(
      `SELECT s.user_id FROM staff s
         JOIN hospital x ON x.wecom_department_id = s.main_department_id
        WHERE s.role = 'store_manager' AND x.region_id = ? LIMIT 1`,
      [mine],
    )
    const store = await h.signIn(managers[0]!.user_id)
    const view = await calendar(store, day(41))
    expect(view.owners.map((o) => o.id)).toEqual(['head_office', mine])
    expect(view.owners.every((o) => !o.plannable)).toBe(true)
    expect(view.posts).toHaveLength(1)
    expect(view.posts[0]!.editable).toBe(false)
    expect(
      await codeOf(await plan(store, { day: day(42), owner: mine })),
    ).toEqual([403, 'NOT_IN_SCOPE'])
    expect(
      await codeOf(
        await store.send('POST', `${MOMENTS}/${view.posts[0]!.id}/publish`),
      ),
    ).toEqual([403, 'NOT_IN_SCOPE'])

    const butler = await h.signIn((await staffWithRole('butler'))[0]!.userId)
    expect(await codeOf(await butler.get(MOMENTS))).toEqual([
      403,
      'NOT_CONSOLE_USER',
    ])
    expect(
      await codeOf(await plan(butler, { day: day(42), owner: mine })),
    ).toEqual([403, 'NOT_CONSOLE_USER'])
  })

  it.each([
    ['a day gone by', { day: -1 }, 'MOMENT_DAY_PAST'],
    ['a date that does not exist', { day: '2026-02-30' }, 'VALIDATION_FAILED'],
    ['no text', { text: '  ' }, 'VALIDATION_FAILED'],
    ['2001 characters', { text: '喵'.repeat(2001) }, 'VALIDATION_FAILED'],
    [
      'a link that is not http(s)',
      { link: { title: 'x', url: 'javascript:alert(1)' } },
      'VALIDATION_FAILED',
    ],
    [
      'a link title over 64 bytes',
      { link: { title: '长'.repeat(22), url: 'https://example.com' } },
      'VALIDATION_FAILED',
    ],
    ['a day over a year ahead', { day: 400 }, 'VALIDATION_FAILED'],
  ])('refuses a plan with %s', async (_name, change, code) => {
    const offset = (change as { day?: unknown }).day
    const body = {
      day: day(50),
      owner: 'head_office',
      ...change,
      ...(typeof offset === 'number' ? { day: day(offset) } : {}),
    } as { day: string; owner: string }
    const res = await plan(head, body)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      code,
    )
  })

  it('refuses bad queries, ids and regions', async () => {
    expect(
      (await head.get(`${MOMENTS}?from=${day(5)}&to=${day(1)}`)).status,
    ).toBe(400)
    expect(
      (await head.get(`${MOMENTS}?from=${day(0)}&to=${day(70)}`)).status,
    ).toBe(400)
    expect((await head.send('DELETE', `${MOMENTS}/not-a-uuid`)).status).toBe(
      400,
    )
    expect(
      await codeOf(await plan(head, { day: day(50), owner: 'R-NONE' })),
    ).toEqual([404, 'NOT_FOUND'])
    // Without dates the calendar is today and the six days after.
    const week = (await (await head.get(MOMENTS)).json()) as MomentCalendar
    expect([week.from, week.to, week.today]).toEqual([h.today, day(6), h.today])
  })

  it('publishes head office’s post to every member’s customers and follows it to its moment', async () => {
    const post = await planned(head, {
      day: day(0),
      owner: 'head_office',
      text: '春季驱虫季，全场驱虫药九折',
      link: { title: '活动详情', url: 'https://example.com/spring' },
    })

    // Without a WeCom client there is no publishing.
    const principal = await loadPrincipal(h.app.dataSource, head.userId)
    const scope = await consoleScope(h.app.dataSource, principal!)
    await expect(
      new MomentsService(h.app.dataSource, null).publish(scope, post.id),
    ).rejects.toMatchObject({ status: 503, code: 'WECOM_UNAVAILABLE' })

    const before = h.sim.sent.moments.length
    const res = await head.send('POST', `${MOMENTS}/${post.id}/publish`)
    expect(res.status).toBe(200)
    const publishing = (await res.json()) as MomentPost
    expect(publishing).toMatchObject({
      status: 'publishing',
      jobId: expect.any(String),
      editable: false,
    })
    const sent = h.sim.sent.moments.slice(before)
    expect(sent).toHaveLength(1)
    const root = h.sim.state.departments.find((d) => d.parentId === null)!
    expect(sent[0]).toMatchObject({
      jobid: publishing.jobId,
      task: {
        text: { content: '春季驱虫季，全场驱虫药九折' },
        attachments: [
          {
            msgtype: 'link',
            link: { title: '活动详情', url: 'https://example.com/spring' },
          },
        ],
        visible_range: {
          sender_list: { department_list: [Number(root.id)] },
        },
      },
    })

    // A post with WeCom is no longer the console's to change.
    expect(
      await codeOf(
        await head.send('PUT', `${MOMENTS}/${post.id}`, {
          day: day(0),
          text: 'x',
        }),
      ),
    ).toEqual([409, 'MOMENT_LOCKED'])
    expect(
      await codeOf(await head.send('POST', `${MOMENTS}/${post.id}/publish`)),
    ).toEqual([409, 'MOMENT_LOCKED'])

    // WeCom is still building the task at first; the calendar read after
    // finds it done.
    const refreshed = await head.send('POST', `${MOMENTS}/${post.id}/refresh`)
    expect(await refreshed.json()).toMatchObject({ status: 'publishing' })
    const view = await calendar(head, day(0))
    const done = view.posts.find((p) => p.id === post.id)!
    expect(done).toMatchObject({
      status: 'published',
      momentId: h.sim.sent.moments[before]!.momentId,
      publishedAt: expect.any(String),
      error: null,
    })
    expect(done.momentId).toMatch(/^mom/)
  })

  it('publishes a region’s post from its own department, once however many click', async () => {
    const post = await planned(regional, { day: day(0), owner: mine })
    const region = await h.app.dataSource
      .getRepository(RegionEntity)
      .findOneByOrFail({ id: mine })
    const before = h.sim.sent.moments.length
    const clicks = await Promise.all([
      regional.send('POST', `${MOMENTS}/${post.id}/publish`),
      regional.send('POST', `${MOMENTS}/${post.id}/publish`),
    ])
    expect(clicks.map((r) => r.status).sort()).toEqual([200, 409])
    const sent = h.sim.sent.moments.slice(before)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.task).toMatchObject({
      visible_range: {
        sender_list: {
          department_list: [Number(region.wecomDepartmentId)],
        },
      },
    })
    expect(sent[0]!.task.attachments).toBeUndefined()

    await regional.send('POST', `${MOMENTS}/${post.id}/refresh`)
    const after = await regional.send('POST', `${MOMENTS}/${post.id}/refresh`)
    expect(await after.json()).toMatchObject({
      status: 'published',
      momentId: sent[0]!.momentId,
    })

    // Only on the post's own day.
    const later = await planned(regional, { day: day(1), owner: mine })
    expect(
      await codeOf(
        await regional.send('POST', `${MOMENTS}/${later.id}/publish`),
      ),
    ).toEqual([409, 'MOMENT_NOT_TODAY'])
  })

  it('records a task WeCom refuses as failed, and publishes it again', async () => {
    const post = await planned(head, { day: day(0), owner: 'head_office' })
    h.sim.faults.inject({
      path: 'externalcontact/add_moment_task',
      errcode: 48002,
    })
    const refused = await head.send('POST', `${MOMENTS}/${post.id}/publish`)
    expect(refused.status).toBe(200)
    expect(await refused.json()).toMatchObject({
      status: 'failed',
      jobId: null,
      error: expect.stringContaining('WeCom 48002'),
      editable: true,
    })
    const retried = await head.send('POST', `${MOMENTS}/${post.id}/publish`)
    expect(await retried.json()).toMatchObject({
      status: 'publishing',
      error: null,
    })
  })

  it('records a task WeCom finishes with an error as failed', async () => {
    const regions = h.app.dataSource.getRepository(RegionEntity)
    const region = await regions.findOneByOrFail({ id: other })
    const post = await planned(head, { day: day(0), owner: other })
    // A department WeCom no longer has: the task ends without a moment.
    await regions.update({ id: other }, { wecomDepartmentId: '9999' })
    try {
      const res = await head.send('POST', `${MOMENTS}/${post.id}/publish`)
      expect(await res.json()).toMatchObject({ status: 'publishing' })
      await head.send('POST', `${MOMENTS}/${post.id}/refresh`)
      const failed = await head.send('POST', `${MOMENTS}/${post.id}/refresh`)
      expect(await failed.json()).toMatchObject({
        status: 'failed',
        momentId: null,
        error: expect.stringContaining('WeCom 60123'),
      })

      await regions.update({ id: other }, { wecomDepartmentId: null })
      expect(
        await codeOf(await head.send('POST', `${MOMENTS}/${post.id}/publish`)),
      ).toEqual([409, 'MOMENT_NO_DEPARTMENT'])
    } finally {
      await regions.update(
        { id: other },
        { wecomDepartmentId: region.wecomDepartmentId },
      )
    }
  })
})
