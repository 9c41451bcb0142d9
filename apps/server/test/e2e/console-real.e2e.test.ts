/**
 * The console against the real server's console API in demo mode: the demo
 * corp synced, the hospital records imported and bound, members signing in
 * through the simulator's OAuth page and the local admin with the demo's
 * password, as after `npm start`.
 */
import { chinaToday, isoWeekOf } from '@petcare/domain'
import type { ConsoleMe, GroupDetail } from '@petcare/shared'
import type { Browser, Page } from 'playwright-core'
import {
  DEMO_ADMIN_PASSWORD,
  setLocalAccount,
} from '../../src/modules/auth/local-accounts'
import {
  StaffEntity,
  type StaffRecord,
} from '../../src/modules/directory/staff.entity'
import { RegionTargetEntity } from '../../src/modules/console/console.entity'
import { databaseTargets, type TestDatabase } from '../databases'
import { startSidebarHarness, type SidebarHarness } from '../sidebar-harness'
import {
  buildApps,
  describeInChromium,
  launchChromium,
  screenshot,
} from './browser'

describeInChromium('the console against the real server', () => {
  let database: TestDatabase
  let h: SidebarHarness
  let browser: Browser
  const pageErrors: string[] = []

  beforeAll(async () => {
    buildApps()
    database = await databaseTargets()[0]!.create()
    h = await startSidebarHarness(database.config)
    await setLocalAccount(h.app.dataSource, 'admin', DEMO_ADMIN_PASSWORD)
    browser = await launchChromium()
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    await h?.close()
    await database?.drop()
  })

  afterEach(() => {
    expect(pageErrors).toEqual([])
    pageErrors.length = 0
  })

  async function open(path: string): Promise<Page> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 800 },
    })
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(h.app.url + path)
    return page
  }

  async function staff(role: string): Promise<StaffRecord> {
    const [first] = await h.app.dataSource
      .getRepository(StaffEntity)
      .find({ where: { role: role as never }, order: { userId: 'ASC' } })
    return first!
  }

  async function signInAs(page: Page, userId: string): Promise<void> {
    await page.getByTestId('wecom-sign-in').click()
    await page
      .getByRole('link', { name: new RegExp(userId) })
      .first()
      .click()
  }

  it('signs head office in through the simulator, back to the leaderboard, and drills down', async () => {
    const head = await staff('head_office_ops')
    const page = await open('/console/#/leaderboard')
    await page.getByTestId('sign-in').waitFor()
    await signInAs(page, head.userId)
    await page.getByTestId('board').waitFor()
    expect(new URL(page.url()).hash).toMatch(
      /^#\/leaderboard\?week=\d{4}-W\d{2}&level=region$/,
    )
    expect(await page.getByTestId('user-level').innerText()).toBe('总部')
    const rows = page.getByTestId('board').locator('tbody tr')
    expect(await rows.count()).toBeGreaterThan(0)
    await screenshot(page, 'console-real-1280-leaderboard')

    // The first region that has hospitals under it (not 未分配).
    await rows.locator('.drill').first().click()
    await page.waitForURL(/level=hospital&regionId=/)
    await page.getByTestId('board').waitFor()
    await page.getByTestId('trail').waitFor()
    const csv = await page.getByTestId('csv').getAttribute('href')
    const response = await page.request.get(h.app.url + csv!)
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toContain('text/csv')
    await page.context().close()
  })

  it('signs the local admin in with the demo password and shows every page', async () => {
    const page = await open('/console/')
    await page.getByTestId('username').fill('admin')
    await page.getByTestId('password').fill('not-the-password')
    await page.getByTestId('password').press('Enter')
    await page.getByText('用户名或密码不正确。').waitFor()
    await page.getByTestId('password').fill(DEMO_ADMIN_PASSWORD)
    await page.getByTestId('password').press('Enter')

    await page.getByTestId('week-net').waitFor()
    expect(await page.getByTestId('user').innerText()).toContain('本地管理员')
    await screenshot(page, 'console-real-1280-overview')

    await page.getByTestId('menu-repurchase').click()
    await page
      .getByTestId('cohorts')
      .or(page.getByTestId('empty'))
      .first()
      .waitFor()
    await screenshot(page, 'console-real-1280-repurchase')

    await page.getByTestId('menu-groups').click()
    await page.getByTestId('count-no-group').waitFor()
    await screenshot(page, 'console-real-1280-groups')

    await page.getByTestId('menu-audit').click()
    await page.getByTestId('audit-filters').waitFor()
    await page
      .getByTestId('audit')
      .or(page.getByTestId('empty'))
      .first()
      .waitFor()
    await screenshot(page, 'console-real-1280-audit')

    await page.getByTestId('menu-events').click()
    await page.getByTestId('status-chips').waitFor()
    await page
      .getByTestId('events')
      .or(page.getByTestId('empty'))
      .first()
      .waitFor()
    await screenshot(page, 'console-real-1280-events')
    await page.context().close()
  })

  it('shows a region admin their own region only, with no target editing, and its target on their overview', async () => {
    const admin = await staff('region_admin')
    const page = await open('/console/#/leaderboard?level=region')
    await signInAs(page, admin.userId)
    await page.getByTestId('board').waitFor()
    expect(await page.getByTestId('board').locator('tbody tr').count()).toBe(1)
    await expect(page.getByTestId('target-edit').count()).resolves.toBe(0)
    expect(await page.getByTestId('menu').innerText()).not.toContain('回调日志')

    // Head office sets the region's target for this week: the overview
    // (which asks for the region's hospitals) shows progress to it.
    const row = page.getByTestId('board').locator('tbody tr').first()
    const regionId = (await row.getAttribute('data-testid'))!.slice(4)
    await h.app.dataSource.getRepository(RegionTargetEntity).upsert(
      {
        regionId,
        week: isoWeekOf(chinaToday()),
        target: 20,
        updatedBy: 'local:admin',
        updatedAt: new Date(),
      },
      ['regionId', 'week'],
    )
    await page.getByTestId('menu-overview').click()
    await page.getByTestId('week-target').getByText('周目标 20').waitFor()
    expect(await page.getByTestId('week-target').innerText()).toMatch(/%/)
    await screenshot(page, 'console-real-1280-overview-region-admin')
    await page.context().close()
  })

  it('turns a butler away with a sign-out button', async () => {
    const butler = await staff('butler')
    const page = await open('/console/')
    await signInAs(page, butler.userId)
    await page.getByTestId('forbidden').waitFor()
    expect(await page.getByTestId('forbidden-who').innerText()).toContain(
      butler.name,
    )
    await screenshot(page, 'console-real-1280-forbidden')
    await page.getByTestId('sign-out').click()
    await page.getByTestId('sign-in').waitFor()
    await page.context().close()
  })

  it('opens a problem group from 一客一群 with its members and history, and a region admin another region’s not at all', async () => {
    const head = await staff('head_office_ops')
    const page = await open('/console/#/groups')
    await signInAs(page, head.userId)
    await page.getByTestId('problem-groups').waitFor()
    const link = page.getByTestId('group-link').first()
    await link.click()
    await page.getByTestId('history-table').waitFor()
    const chatId = decodeURIComponent(
      new URL(page.url()).hash.replace('#/groups/', ''),
    )
    const [group] = await h.app.dataSource.query<
      { name: string; member_count: number }[]
    >('SELECT name, member_count FROM customer_group WHERE chat_id = ?', [
      chatId,
    ])
    expect(await page.locator('h1').innerText()).toBe(group!.name || '群名为空')
    expect(
      await page.getByTestId('members-table').locator('tbody tr').count(),
    ).toBe(Math.min(100, Number(group!.member_count)))
    // A re-synced group: its creation is the oldest line.
    const history = page.getByTestId('history-table').locator('tbody tr')
    await expect(history.last().innerText()).resolves.toContain('创建了群聊')
    await screenshot(page, 'console-real-1280-group')
    await page.getByTestId('group-back').click()
    await page.getByTestId('problem-groups').waitFor()
    await page.context().close()

    // The admin of a region the group's owner is not in: "not found".
    const asHead = await h.signIn(head.userId)
    const detail = (await (
      await asHead.get(`/api/console/groups/${encodeURIComponent(chatId)}`)
    ).json()) as GroupDetail
    const admins = await h.app.dataSource
      .getRepository(StaffEntity)
      .find({ where: { role: 'region_admin' }, order: { userId: 'ASC' } })
    let outsider: string | undefined
    for (const admin of admins) {
      const me = (await (
        await (await h.signIn(admin.userId)).get('/api/console/me')
      ).json()) as ConsoleMe
      if (!me.hospitals.some((x) => x.id === detail.group.hospitalId)) {
        outsider = admin.userId
        break
      }
    }
    expect(outsider).toBeDefined()
    const other = await open(`/console/#/groups/${encodeURIComponent(chatId)}`)
    await signInAs(other, outsider!)
    await other.getByTestId('group-missing').waitFor()
    await other.context().close()
  })

  it('creates a quick reply that the library then lists', async () => {
    const head = await staff('head_office_ops')
    const page = await open('/console/#/quick-replies')
    await signInAs(page, head.userId)
    await page.getByTestId('replies').waitFor()
    await page.getByTestId('reply-create').click()
    await page.getByTestId('reply-category').fill('活动')
    await page.getByTestId('reply-title').fill('冬季免费体检')
    await page
      .getByTestId('reply-content')
      .fill('{{customerName}}您好，{{petName}}可以来{{hospital}}免费体检了')
    await page.getByTestId('preview-text').getByText('林晓雯').waitFor()
    await page.getByTestId('reply-save').click()
    await page
      .getByTestId('replies')
      .getByText('冬季免费体检', { exact: true })
      .waitFor()
    await screenshot(page, 'console-real-1280-quick-replies')
    await page.context().close()
  })

  it('wakes a quiet group, and the simulator receives the mass-message task', async () => {
    const head = await staff('head_office_ops')
    const page = await open('/console/#/quiet-groups')
    await signInAs(page, head.userId)
    await page.getByTestId('quiet-days').waitFor()
    await page.getByRole('button', { name: '30 天' }).click()
    await page.getByTestId('quiet-groups').waitFor()
    const pick = page
      .getByTestId('quiet-groups')
      .locator('tbody input:not([disabled])')
      .first()
    await pick.check()
    const before = h.sim.sent.messageTemplates.length
    await page.getByTestId('wake-send').click()
    await page
      .getByTestId('confirm-dialog')
      .getByRole('button', { name: '创建群发任务' })
      .click()
    await page.getByTestId('task-results').waitFor()
    expect(await page.getByTestId('task-summary').innerText()).toBe(
      '已创建 1 条群发任务',
    )
    const sent = h.sim.sent.messageTemplates.slice(before)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.template).toMatchObject({
      chat_type: 'group',
      text: { content: '好久不见！送您一次免费基础体检，回复"预约"即可安排' },
    })
    await page
      .getByTestId('mass-history-table')
      .getByText('好久不见', { exact: false })
      .first()
      .waitFor()
    await page.evaluate('window.scrollTo(0, 0)')
    await screenshot(page, 'console-real-1280-quiet-groups')
    await page.context().close()
  })

  it('plans a customer moment for today, publishes it, and follows it to published', async () => {
    const head = await staff('head_office_ops')
    const page = await open('/console/#/moments')
    await signInAs(page, head.userId)
    await page.getByTestId('moment-calendar').waitFor()
    const today = page.locator('td.cell.today').first()
    await today.getByTestId('moment-plan').first().click()
    await page.getByTestId('moment-text').fill('冬季体检八折，本周末前预约有效')
    await page.getByTestId('moment-save').click()
    await page.getByTestId('moment-detail').waitFor()
    const before = h.sim.sent.moments.length
    await page.getByTestId('moment-publish').click()
    await page.getByTestId('toast').getByText('已发布到企业微信').waitFor()
    expect(h.sim.sent.moments.slice(before)).toHaveLength(1)
    // The simulator answers the job as running once, then done.
    for (let i = 0; i < 3; i++) {
      if ((await page.getByTestId('moment-refresh').count()) === 0) break
      await page.getByTestId('moment-refresh').click()
      await page.getByTestId('toast').getByText('当前状态').waitFor()
    }
    expect(await page.getByTestId('moment-detail-status').innerText()).toBe(
      '已发布',
    )
    await screenshot(page, 'console-real-1280-moments')
    await page.context().close()
  })

  it('changes a region’s vaccine protocol, says the server’s limits next to a field, and resets it', async () => {
    const head = await staff('head_office_ops')
    const page = await open('/console/#/protocol')
    await signInAs(page, head.userId)
    await page.getByTestId('vaccines-dog').waitFor()
    const rabies = page.getByTestId('vaccine-dog-core-rabies')
    await page.getByTestId('protocol-edit').click()
    // The limits are the server's: a 999-month booster was once saved.
    await rabies.getByTestId('edit-revaccination').fill('0')
    await rabies.getByTestId('edit-booster').fill('999')
    await page.getByTestId('protocol-save').click()
    await page.getByTestId('protocol-failure').waitFor()
    expect(await rabies.getByTestId('field-problem').allInnerTexts()).toEqual([
      '请输入 1–24 之间的整数',
      '请输入 6–60 之间的整数',
    ])
    await rabies.getByTestId('edit-booster').fill('12')
    await rabies.getByTestId('edit-revaccination').fill('24')
    await page.getByTestId('protocol-save').click()
    await page.getByTestId('toast').getByText('的疫苗方案').waitFor()
    await rabies.getByText('24 个月').waitFor()
    expect(await page.getByTestId('protocol-updated').innerText()).toContain(
      head.name,
    )
    await screenshot(page, 'console-real-1280-protocol')
    await page.getByTestId('protocol-reset').click()
    await page.getByRole('dialog').getByText('恢复默认').last().click()
    await page.getByText('使用总部默认方案，未做调整。').waitFor()
    await page.context().close()
  })
})
