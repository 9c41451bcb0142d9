/**
 * The console in a real Chromium against the fake console API
 * (`console-fake-api.ts`): signing in (WeCom OAuth and the local admin),
 * each page as head office, a region admin and a store manager, a butler
 * turned away, errors, empty states and a retry, at 1280×800 with a
 * screenshot of each in test-artifacts/screenshots/console-*.png. The
 * browser's clock is fixed at Wednesday 2026-12-09 (2026-W50) in Shanghai
 * while the browser itself is set to Los Angeles, so every date on screen
 * is checked to be China time.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import {
  REPO,
  buildApps,
  describeInChromium,
  launchChromium,
  screenshot,
} from './browser'
import { FAKE_NOW } from './console-fake-data'
import {
  type FakeConsoleApi,
  LOCAL_ADMIN,
  startFakeConsoleApi,
} from './console-fake-api'
import {
  ok,
  summaryEmpty,
  summaryProduction,
  summaryServerError,
} from './fake-api'

const DESKTOP = { width: 1280, height: 800 }
type Viewport = typeof DESKTOP

describeInChromium('the console in Chromium', () => {
  let api: FakeConsoleApi
  let browser: Browser
  const pageErrors: string[] = []

  beforeAll(async () => {
    buildApps()
    api = await startFakeConsoleApi({
      consoleDist: join(REPO, 'apps/console/dist'),
    })
    browser = await launchChromium()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await api?.close()
  })

  beforeEach(() => {
    pageErrors.length = 0
    api.reset()
  })

  afterEach(() => {
    expect(pageErrors).toEqual([])
  })

  /** Opens a page, signed in as `as` unless it is null. */
  async function open(
    path: string,
    options: { as?: string | null; viewport?: Viewport; now?: Date } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'America/Los_Angeles',
      viewport: options.viewport ?? DESKTOP,
      acceptDownloads: true,
    })
    await context.clock.setFixedTime(options.now ?? FAKE_NOW)
    const as = options.as === undefined ? 'ZhouMin' : options.as
    if (as) {
      await context.addCookies([
        { name: 'petcare_sid', value: api.sessionFor(as), url: api.baseUrl },
      ])
    }
    const page = await context.newPage()
    page.setDefaultTimeout(10_000)
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(api.baseUrl + path)
    return page
  }

  const close = (page: Page) => page.context().close()

  async function visible(page: Page, text: string | RegExp): Promise<void> {
    await page.getByText(text).first().waitFor({ state: 'visible' })
  }

  async function textOf(page: Page, testId: string): Promise<string> {
    const text = await page.getByTestId(testId).first().innerText()
    return text.replace(/\s+/g, ' ').trim()
  }

  /** The visible rows of a table, each as its cells' text. */
  async function rowsOf(page: Page, testId: string): Promise<string[][]> {
    const rows = page.getByTestId(testId).locator('tbody tr')
    const out: string[][] = []
    for (const row of await rows.all()) {
      const cells = await row.locator('th, td').allInnerTexts()
      out.push(cells.map((c) => c.replace(/\s+/g, ' ').trim()))
    }
    return out
  }

  const apiCalls = (path: string) =>
    api.requests.filter((r) => r.url.startsWith(path)).map((r) => r.url)

  /** Nothing scrolls sideways except inside a table's own frame. */
  async function expectNoPageScroll(page: Page): Promise<void> {
    const width = await page.evaluate<number>(
      'document.documentElement.scrollWidth',
    )
    expect(width).toBeLessThanOrEqual(page.viewportSize()!.width)
  }

  // ------------------------------------------------------------- sign-in

  describe('signing in', () => {
    it('signs in through WeCom and comes back to the page asked for', async () => {
      const page = await open('/console/#/leaderboard?level=hospital', {
        as: null,
      })
      await page.getByTestId('sign-in').waitFor()
      await visible(page, '用企业微信登录')
      expect(await textOf(page, 'demo-hint')).toContain('模拟器')
      await screenshot(page, 'console-1280-sign-in')

      await page.getByTestId('wecom-sign-in').click()
      await page.getByRole('link', { name: /周敏/ }).click()
      await page.getByTestId('board').waitFor()
      expect(new URL(page.url()).hash).toBe(
        '#/leaderboard?week=2026-W50&level=hospital',
      )
      expect(await textOf(page, 'user')).toContain('周敏')
      expect(await textOf(page, 'user-level')).toBe('总部')
      await close(page)
    })

    it('signs in with the local admin account after a wrong password', async () => {
      const page = await open('/console/#/repurchase', { as: null })
      await page.getByTestId('username').fill(LOCAL_ADMIN.username)
      await page.getByTestId('password').fill('wrong-password')
      await page.getByRole('button', { name: '登录', exact: true }).click()
      expect(await textOf(page, 'sign-in-problem')).toBe('用户名或密码不正确。')
      // The wrong password is cleared, the name kept.
      await expect(page.getByTestId('password').inputValue()).resolves.toBe('')
      await expect(page.getByTestId('username').inputValue()).resolves.toBe(
        'admin',
      )
      await screenshot(page, 'console-1280-sign-in-failed')

      await page.getByTestId('password').fill(LOCAL_ADMIN.password)
      await page.getByTestId('password').press('Enter')
      await page.getByTestId('cohorts').waitFor()
      expect(await textOf(page, 'user')).toContain('系统管理员')
      expect(await textOf(page, 'user')).toContain('本地管理员')
      await close(page)
    })

    it('says how long to wait once the account is locked', async () => {
      const page = await open('/console/', { as: null })
      for (let i = 0; i < 5; i++) {
        await page.getByTestId('username').fill('admin')
        await page.getByTestId('password').fill(`guess-${i}`)
        await page.getByTestId('password').press('Enter')
        await page.getByTestId('sign-in-problem').waitFor()
      }
      await page.getByTestId('password').fill(LOCAL_ADMIN.password)
      await page.getByTestId('password').press('Enter')
      await page
        .getByTestId('sign-in-problem')
        .getByText(/已暂时锁定，请 15 分钟后再试/)
        .waitFor()
      await close(page)
    })

    it('signs out from the header and lands on the sign-in page', async () => {
      const page = await open('/console/')
      await page.getByTestId('week-card').waitFor()
      await page.getByTestId('sign-out').click()
      await page.getByTestId('sign-in').waitFor()
      expect(apiCalls('/api/auth/logout')).toHaveLength(1)
      await close(page)
    })

    it('turns a butler away plainly, with a way to sign out', async () => {
      const page = await open('/console/', { as: 'ZhangWei' })
      await page.getByTestId('forbidden').waitFor()
      expect(await textOf(page, 'forbidden')).toContain(
        '这个账号不能使用运营后台',
      )
      expect(await textOf(page, 'forbidden-who')).toBe(
        '当前登录：张伟（爱宠管家）',
      )
      await expect(page.getByTestId('menu').count()).resolves.toBe(0)
      await screenshot(page, 'console-1280-forbidden')
      await page.getByTestId('sign-out').click()
      await page.getByTestId('sign-in').waitFor()
      await close(page)
    })

    it('shows the sign-in page when the session ends while open', async () => {
      const page = await open('/console/#/groups')
      await page.getByTestId('problem-groups').waitFor()
      api.fail('GET /api/console/audit', {
        status: 401,
        code: 'UNAUTHENTICATED',
      })
      await page.getByTestId('menu-audit').click()
      await page.getByTestId('sign-in').waitFor()
      // Signing in again comes back to the page the user was on.
      expect(new URL(page.url()).hash).toBe('#/audit')
      await close(page)
    })
  })

  // ------------------------------------------------------------ overview

  describe('overview', () => {
    it('shows this week’s net, links to each page and the server status', async () => {
      const page = await open('/console/')
      await page.getByTestId('week-net').waitFor()
      await expect(page.title()).resolves.toBe('概览 · 运营后台 · 爱宠管家')
      expect(await textOf(page, 'week-card')).toMatch(/本周净增 [+-]?\d+/)
      expect(await textOf(page, 'demo-banner')).toContain('wwDemoCorp0000001')
      for (const name of [
        'leaderboard',
        'repurchase',
        'groups',
        'audit',
        'events',
      ]) {
        await page.getByTestId(`card-${name}`).waitFor()
      }
      // The callback counts moved here from the old status page.
      await visible(page, '事件总数')
      expect(await textOf(page, 'stat-total')).toContain('12')
      // 08:00 UTC is 16:00 in China.
      expect(await textOf(page, 'stat-last-received')).toContain(
        '2026-12-04 16:00:00',
      )
      await screenshot(page, 'console-1280-overview')
      await close(page)
    })

    it('explains how to send a first event when there are none', async () => {
      api.setSummary(ok(summaryEmpty))
      const page = await open('/console/')
      await visible(page, '还没有收到回调事件')
      expect(await textOf(page, 'events-empty')).toContain('npm run wecom:send')
      await close(page)
    })

    it('shows the server-status error with a retry, and recovers', async () => {
      api.setSummary(summaryServerError)
      const page = await open('/console/')
      await visible(page, '无法加载回调事件')
      const panel = await textOf(page, 'events-panel')
      expect(panel).toContain('服务器返回错误（HTTP 500）')
      expect(panel).toContain('req-e2e-0001')
      api.setSummary(ok(summaryEmpty))
      await page
        .getByTestId('events-panel')
        .getByRole('button', { name: '重试' })
        .click()
      await visible(page, '还没有收到回调事件')
      await close(page)
    })

    it('refreshes the server card, and keeps the last counts when that fails', async () => {
      const page = await open('/console/')
      await visible(page, '事件总数')
      api.setSummary(ok(summaryProduction, 300))
      await page.getByRole('button', { name: '刷新' }).click()
      await visible(page, '刷新中…')
      await page.getByTestId('stat-total').getByText('13').waitFor()
      expect(await textOf(page, 'stat-last-received')).toContain(
        '2026-12-04 17:30:15',
      )

      api.setSummary(summaryServerError)
      await page.getByRole('button', { name: '刷新' }).click()
      await visible(page, /刷新失败，下面显示的是上一次成功加载的数据/)
      expect(await textOf(page, 'stat-total')).toContain('13')
      await close(page)
    })

    it('hides head-office pages and the server card from a store manager', async () => {
      const page = await open('/console/', { as: 'WangQiang' })
      await page.getByTestId('week-net').waitFor()
      expect(await textOf(page, 'user')).toContain('门店')
      expect(await textOf(page, 'user')).toContain('上海静安宠物医院')
      const menu = await textOf(page, 'menu')
      expect(menu).toContain('涨粉榜')
      expect(menu).not.toContain('回调日志')
      await expect(page.getByTestId('events-panel').count()).resolves.toBe(0)
      // A bookmark to the callback log becomes the overview.
      await page.goto(`${api.baseUrl}/console/#/events`)
      await page.getByTestId('week-net').waitFor()
      expect(new URL(page.url()).hash).toBe('#/')
      await close(page)
    })
  })

  // --------------------------------------------------------- leaderboard

  describe('leaderboard', () => {
    it('ranks the regions of this week and drills down to members', async () => {
      const page = await open('/console/#/leaderboard')
      await page.getByTestId('board').waitFor()
      expect(await page.getByTestId('week-select').inputValue()).toBe(
        '2026-W50',
      )
      const regions = await rowsOf(page, 'board')
      expect(regions.map((r) => r[1]!.replace(' ›', ''))).toEqual(
        expect.arrayContaining([
          '华东大区',
          '华南大区',
          '华北大区',
          '西南大区',
        ]),
      )
      // Net is added minus both kinds of removal, on every row.
      for (const [, , added, byMember, byCustomer, net] of regions) {
        expect(Number(net)).toBe(
          Number(added) - Number(byMember) - Number(byCustomer),
        )
      }
      // Ranked by net, largest first.
      const nets = regions.map((r) => Number(r[5]))
      expect(nets).toEqual([...nets].sort((a, b) => b - a))
      expect(await textOf(page, 'target-R-WEST')).toContain('未设置')
      await expect(
        page.getByTestId('net-bars').locator('rect').count(),
      ).resolves.toBe(4)
      await expect(
        page.getByTestId('trend').locator('circle').count(),
      ).resolves.toBe(8)
      await expectNoPageScroll(page)
      await screenshot(page, 'console-1280-leaderboard')

      await page
        .getByRole('button', { name: /华东大区/ })
        .first()
        .click()
      await page.getByTestId('row-H-SH-JA').waitFor()
      expect(new URL(page.url()).hash).toContain('level=hospital')
      expect(new URL(page.url()).hash).toContain('regionId=R-EAST')
      expect(await rowsOf(page, 'board')).toHaveLength(3)
      expect(await textOf(page, 'trail')).toBe('全部大区 › 华东大区')

      await page.getByRole('button', { name: /上海静安宠物医院/ }).click()
      await page.getByTestId('row-ZhangWei').waitFor()
      // Two butlers, a doctor, a nurse and the store manager.
      expect(await rowsOf(page, 'board')).toHaveLength(5)
      expect(await textOf(page, 'trail')).toBe(
        '全部大区 › 华东大区 › 上海静安宠物医院',
      )
      await screenshot(page, 'console-1280-leaderboard-members')

      // The CSV link asks for exactly the board on screen.
      const href = await page.getByTestId('csv').getAttribute('href')
      const csvUrl = new URL(href!, api.baseUrl)
      expect(Object.fromEntries(csvUrl.searchParams)).toEqual({
        week: '2026-W50',
        level: 'member',
        regionId: 'R-EAST',
        hospitalId: 'H-SH-JA',
        format: 'csv',
      })
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('csv').click(),
      ])
      expect(download.suggestedFilename()).toBe(
        'leaderboard-2026-W50-member.csv',
      )
      const csv = readFileSync((await download.path())!, 'utf8')
      expect(csv).toContain('张伟')

      // Back up the trail, and with the browser's back button.
      await page
        .getByTestId('trail')
        .getByRole('button', { name: '华东大区' })
        .click()
      await page.getByTestId('row-H-SH-JA').waitFor()
      await page.goBack()
      await page.getByTestId('row-ZhangWei').waitFor()
      await close(page)
    })

    it('steps through weeks across the year end (2026-W53 → 2027-W01)', async () => {
      // Saturday 2 January 2027 in Shanghai is still in 2026-W53.
      const page = await open('/console/#/leaderboard', {
        now: new Date('2027-01-02T04:00:00Z'),
      })
      await page.getByTestId('board').waitFor()
      expect(await page.getByTestId('week-select').inputValue()).toBe(
        '2026-W53',
      )
      await page.getByTestId('week-next').click()
      await page.waitForURL(/week=2027-W01/)
      expect(apiCalls('/api/console/leaderboard').at(-1)).toContain(
        'week=2027-W01',
      )
      await page.getByTestId('week-prev').click()
      await page.getByTestId('week-prev').click()
      await page.waitForURL(/week=2026-W52/)
      await page.getByTestId('week-this').click()
      await page.waitForURL(/week=2026-W53/)
      await close(page)
    })

    it('says so for a week before any customer came', async () => {
      const page = await open('/console/#/leaderboard?week=2026-W20')
      await page.getByTestId('quiet-week').waitFor()
      expect(await textOf(page, 'quiet-week')).toBe(
        '这一周还没有客户添加或删除。',
      )
      await expect(page.getByTestId('net-bars').count()).resolves.toBe(0)
      await screenshot(page, 'console-1280-leaderboard-empty-week')
      await close(page)
    })

    it('lets head office set a region’s target, with validation', async () => {
      const page = await open('/console/#/leaderboard')
      const cell = page.getByTestId('target-R-WEST')
      await cell.getByTestId('target-edit').click()
      const input = cell.getByTestId('target-input')
      await input.fill('12.5')
      await input.press('Enter')
      expect(await textOf(page, 'target-problem')).toBe('请输入整数')
      await input.fill('-3')
      await cell.getByTestId('target-save').click()
      expect(await textOf(page, 'target-problem')).toBe('不能为负数')
      expect(api.requests.filter((r) => r.method === 'PUT')).toHaveLength(0)
      await screenshot(page, 'console-1280-leaderboard-target-invalid')

      await input.fill('１５０')
      await input.press('Enter')
      await visible(page, '已将西南大区2026 年第 50 周的目标设为 150')
      expect(api.targets.get('R-WEST/2026-W50')).toBe(150)
      expect(api.requests.find((r) => r.method === 'PUT')?.body).toEqual({
        regionId: 'R-WEST',
        week: '2026-W50',
        target: 150,
      })
      expect(await textOf(page, 'target-R-WEST')).toMatch(/^150 \d+%/)
      await screenshot(page, 'console-1280-leaderboard-target-saved')

      // Escape gives up without saving.
      await cell.getByTestId('target-edit').click()
      await input.fill('999')
      await input.press('Escape')
      expect(await textOf(page, 'target-R-WEST')).toMatch(/^150 /)
      await close(page)
    })

    it('shows a region admin only their region, without target editing', async () => {
      const page = await open('/console/#/leaderboard', { as: 'LiNa' })
      await page.getByTestId('row-H-SH-JA').waitFor()
      expect(new URL(page.url()).hash).toContain('regionId=R-EAST')
      expect(await rowsOf(page, 'board')).toHaveLength(3)
      // No region filter offering other regions.
      await expect(page.getByTestId('region-filter').count()).resolves.toBe(0)

      await page.getByTestId('level-region').click()
      await page.getByTestId('row-R-EAST').waitFor()
      expect(await rowsOf(page, 'board')).toHaveLength(1)
      await expect(page.getByTestId('target-edit').count()).resolves.toBe(0)
      expect(await textOf(page, 'target-R-EAST')).toMatch(/^120 /)

      // Another region's id in the address is dropped, not sent.
      await page.goto(
        `${api.baseUrl}/console/#/leaderboard?level=hospital&regionId=R-SOUTH`,
      )
      await page.waitForURL(/week=2026-W50&level=hospital$/)
      expect(apiCalls('/api/console/leaderboard?').join()).not.toContain(
        'R-SOUTH',
      )
      await screenshot(page, 'console-1280-leaderboard-region-admin')
      await close(page)
    })

    it('shows the error with a retry, and recovers', async () => {
      api.fail('GET /api/console/leaderboard', { status: 500, times: 1 })
      const page = await open('/console/#/leaderboard')
      await page.getByTestId('error').waitFor()
      const error = await textOf(page, 'error')
      expect(error).toContain('无法加载涨粉榜')
      expect(error).toContain('服务器返回错误（HTTP 500）')
      expect(error).toMatch(/请求编号 req-/)
      await screenshot(page, 'console-1280-leaderboard-error')
      await page.getByRole('button', { name: '重试' }).click()
      await page.getByTestId('board').waitFor()
      await close(page)
    })

    it('shows a skeleton while the board loads', async () => {
      api.fail('GET /api/console/leaderboard', { delayMs: 1500, times: 1 })
      const page = await open('/console/#/leaderboard')
      await page.getByTestId('loading').waitFor()
      await screenshot(page, 'console-1280-leaderboard-loading')
      await page.getByTestId('board').waitFor()
      await close(page)
    })
  })
})
