/**
 * The console in a real Chromium against the fake console API
 * (`console-fake-api.ts`, set up in `console-browser.ts`): signing in (WeCom OAuth and the local admin),
 * each page as head office, a region admin and a store manager, a butler
 * turned away, errors, empty states and a retry, at 1280×800 with a
 * screenshot of each in test-artifacts/screenshots/console-*.png. The
 * round-2 pages (lost customers, quiet groups, follow-ups, the quick-reply
 * library, moments, the protocol) are in console-ops.e2e.test.ts.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describeInChromium, screenshot } from './browser'
import { useConsoleBrowser } from './console-browser'
import { LOCAL_ADMIN } from './console-fake-api'
import { groupProblems } from './console-fake-data'
import {
  ok,
  summaryEmpty,
  summaryProduction,
  summaryServerError,
} from './fake-api'

describeInChromium('the console in Chromium', () => {
  const b = useConsoleBrowser()
  const { open, close, visible, textOf, rowsOf, apiCalls, expectNoPageScroll } =
    b

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
      b.api.fail('GET /api/console/audit', {
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
      b.api.setSummary(ok(summaryEmpty))
      const page = await open('/console/')
      await visible(page, '还没有收到回调事件')
      expect(await textOf(page, 'events-empty')).toContain('npm run wecom:send')
      await close(page)
    })

    it('shows the server-status error with a retry, and recovers', async () => {
      b.api.setSummary(summaryServerError)
      const page = await open('/console/')
      await visible(page, '无法加载回调事件')
      const panel = await textOf(page, 'events-panel')
      expect(panel).toContain('服务器返回错误（HTTP 500）')
      expect(panel).toContain('req-e2e-0001')
      b.api.setSummary(ok(summaryEmpty))
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
      b.api.setSummary(ok(summaryProduction, 300))
      await page.getByRole('button', { name: '刷新' }).click()
      await visible(page, '刷新中…')
      await page.getByTestId('stat-total').getByText('13').waitFor()
      expect(await textOf(page, 'stat-last-received')).toContain(
        '2026-12-04 17:30:15',
      )

      b.api.setSummary(summaryServerError)
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
      await page.goto(`${b.api.baseUrl}/console/#/events`)
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
      // Ranked by net, largest first; head office's own staff, in no
      // region, come last and say who they are.
      const nets = regions.slice(0, 4).map((r) => Number(r[5]))
      expect(nets).toEqual([...nets].sort((a, b) => b - a))
      expect(regions.at(-1)![0]).toBe('—')
      expect(regions.at(-1)![1]).toMatch(/^未归属大区的成员 \? 不属于任何门店/)
      expect(
        await page.getByTestId('unplaced').getAttribute('title'),
      ).toContain('不属于任何门店的成员（如总部人员')
      expect(await textOf(page, 'target-R-WEST')).toContain('未设置')
      // Who set a target, by name.
      expect(
        await page
          .getByTestId('target-R-EAST')
          .getByTestId('target-progress')
          .getAttribute('title'),
      ).toBe('周敏 于 2026-12-07 09:30:00 设定')
      await expect(
        page.getByTestId('net-bars').locator('rect').count(),
      ).resolves.toBe(5)
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
      const csvUrl = new URL(href!, b.api.baseUrl)
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

    it('says when the week shown is still in progress, as the server does', async () => {
      const page = await open('/console/#/leaderboard')
      await page.getByTestId('current-week').waitFor()
      expect(await textOf(page, 'current-week')).toBe(
        '本周进行中 环比是本周至今与上周全周相比。',
      )
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('week=2026-W49')),
        page.getByTestId('week-prev').click(),
      ])
      await page.getByTestId('board').waitFor()
      await expect(page.getByTestId('current-week').count()).resolves.toBe(0)
      await close(page)

      // The server's word, not the browser's clock: to a browser already
      // in 2026-W51, the server (on Wednesday of W50) says W50 goes on.
      const late = await open('/console/#/leaderboard?week=2026-W50', {
        now: new Date('2026-12-16T02:00:00Z'),
      })
      await late.getByTestId('current-week').waitFor()
      await close(late)
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
      expect(b.api.requests.filter((r) => r.method === 'PUT')).toHaveLength(0)
      await screenshot(page, 'console-1280-leaderboard-target-invalid')

      await input.fill('１５０')
      await input.press('Enter')
      await visible(page, '已将西南大区2026 年第 50 周的目标设为 150')
      expect(b.api.targets.get('R-WEST/2026-W50')).toBe(150)
      expect(b.api.requests.find((r) => r.method === 'PUT')?.body).toEqual({
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
        `${b.api.baseUrl}/console/#/leaderboard?level=hospital&regionId=R-SOUTH`,
      )
      await page.waitForURL(/week=2026-W50&level=hospital$/)
      expect(apiCalls('/api/console/leaderboard?').join()).not.toContain(
        'R-SOUTH',
      )
      await screenshot(page, 'console-1280-leaderboard-region-admin')
      await close(page)
    })

    it('shows a region’s target wherever the region is the context, and tells a store it is the region’s', async () => {
      // 李娜 (华东) used to read 未设置目标 on her overview.
      const regional = await open('/console/', { as: 'LiNa' })
      await regional
        .getByTestId('week-target')
        .getByText('周目标 120')
        .waitFor()
      expect(await textOf(regional, 'week-target')).toMatch(
        /^目标完成 -?\d+% 周目标 120$/,
      )
      await screenshot(regional, 'console-1280-overview-region-admin')
      await regional.getByTestId('menu-leaderboard').click()
      await regional.getByTestId('row-H-SH-JA').waitFor()
      expect(await textOf(regional, 'totals-progress')).toMatch(/\/ 120$/)
      await close(regional)

      // Head office drilled into 华东: its hospitals and members.
      const head = await open(
        '/console/#/leaderboard?level=member&regionId=R-EAST',
      )
      await head.getByTestId('row-ZhangWei').waitFor()
      expect(await textOf(head, 'totals-progress')).toMatch(/\/ 120$/)
      await close(head)

      // A store manager: the target is the region's, not theirs; and the
      // members who brought in no one are listed last, unranked.
      const store = await open('/console/', { as: 'WangQiang' })
      await store
        .getByTestId('week-target')
        .getByText('按大区设定', { exact: true })
        .waitFor()
      expect(await textOf(store, 'week-target')).toBe(
        '目标完成 按大区设定 周目标由总部按大区设定，门店没有单独的目标。',
      )
      await screenshot(store, 'console-1280-overview-store')
      await store.getByTestId('menu-leaderboard').click()
      await store.getByTestId('row-WangQiang').waitFor()
      expect(await textOf(store, 'totals-progress')).toBe('周目标 按大区设定')
      const rows = await rowsOf(store, 'board')
      expect(rows.at(-1)!.slice(0, 3)).toEqual(['—', '王强', '0'])
      expect(rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '—'])
      await screenshot(store, 'console-1280-leaderboard-store')
      await close(store)
    })

    it('shows the error with a retry, and recovers', async () => {
      b.api.fail('GET /api/console/leaderboard', { status: 500, times: 1 })
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
      b.api.fail('GET /api/console/leaderboard', { delayMs: 1500, times: 1 })
      const page = await open('/console/#/leaderboard')
      await page.getByTestId('loading').waitFor()
      await screenshot(page, 'console-1280-leaderboard-loading')
      await page.getByTestId('board').waitFor()
      await close(page)
    })
  })

  // ---------------------------------------------------------- repurchase

  describe('repurchase', () => {
    it('shows the cohorts as percentages on a colour scale, young ones marked', async () => {
      const page = await open('/console/#/repurchase')
      await page.getByTestId('cohorts').waitFor()
      await expect(page.getByTestId('from-month').inputValue()).resolves.toBe(
        '2026-01',
      )
      await expect(page.getByTestId('to-month').inputValue()).resolves.toBe(
        '2026-12',
      )
      expect(apiCalls('/api/console/repurchase')).toEqual([
        '/api/console/repurchase?from=2026-01&to=2026-12&by=total',
      ])
      const header = await page
        .getByTestId('cohorts')
        .locator('thead th')
        .allInnerTexts()
      expect(header).toHaveLength(13)
      // The year is shown where it starts.
      expect(header[1]!.replace(/\s+/g, ' ')).toBe('2026 1月')
      expect(header[2]).toBe('2月')

      // January is long complete; from September on, 90 days have not passed.
      const january = await textOf(page, 'cell-total-2026-01')
      expect(january).toMatch(/^\d+\.\d% [\d,]+\/[\d,]+$/)
      const [returned, customers] = january
        .split(' ')[1]!
        .split('/')
        .map((n) => Number(n.replace(/,/g, '')))
      const rate = (returned! / customers!) * 100
      expect(january.startsWith(`${rate.toFixed(1)}%`)).toBe(true)
      expect(await textOf(page, 'cell-total-2026-08')).not.toContain('未满')
      expect(await textOf(page, 'cell-total-2026-09')).toContain('未满 90 天')
      expect(await textOf(page, 'cell-total-2026-12')).toContain('未满 90 天')
      // The colour darkens with the rate.
      const colours = await page
        .getByTestId('cohorts')
        .locator('tbody td')
        .evaluateAll((cells) =>
          cells.map((c) => getComputedStyle(c).backgroundColor),
        )
      expect(new Set(colours).size).toBeGreaterThan(1)
      expect(await textOf(page, 'legend')).toContain('复购率')
      await screenshot(page, 'console-1280-repurchase')

      await page.getByTestId('by-hospital').click()
      await page.getByTestId('cohort-row-H-CQ-YZ').waitFor()
      // A hospital opened in May has no visits before.
      expect(await textOf(page, 'cell-H-CQ-YZ-2026-04')).toBe('无就诊')
      expect(
        await page.getByTestId('cohorts').locator('tbody tr').count(),
      ).toBe(9)
      await screenshot(page, 'console-1280-repurchase-hospitals')
      await close(page)
    })

    // The scale was stretched to each table's highest rate (0/8/…/32 % for
    // head office, 0/20/…/80 % for a store), and a store's 按大区 read
    // 华东大区 over its own figures.
    it('colours a rate the same for everyone on one fixed scale, and shows a store its own store', async () => {
      const head = await open('/console/#/repurchase?by=hospital')
      await head.getByTestId('cohort-row-H-SH-JA').waitFor()
      expect(await head.getByTestId('legend-step').allInnerTexts()).toEqual([
        '< 10%',
        '10%–20%',
        '20%–30%',
        '30%–40%',
        '≥ 40%',
      ])
      const colourOf = async (page: Page, testId: string) =>
        page
          .getByTestId(testId)
          .evaluate((cell) => getComputedStyle(cell).backgroundColor)
      const headCells: [string, string][] = []
      for (const month of ['2026-01', '2026-02', '2026-03', '2026-04']) {
        headCells.push([
          await textOf(head, `cell-H-SH-JA-${month}`),
          await colourOf(head, `cell-H-SH-JA-${month}`),
        ])
      }
      await close(head)

      const store = await open('/console/#/repurchase?by=region', {
        as: 'WangQiang',
      })
      await store.getByTestId('cohort-row-total').waitFor()
      // No grouping to pick: the one row is the store, named so.
      await expect(store.getByTestId('by-region').count()).resolves.toBe(0)
      expect(new URL(store.url()).hash).not.toContain('by=region')
      expect(apiCalls('/api/console/repurchase').at(-1)).toContain('by=total')
      expect(
        await store.getByTestId('cohort-row-total').locator('th').innerText(),
      ).toBe('上海静安宠物医院')
      const storeCells: [string, string][] = []
      for (const month of ['2026-01', '2026-02', '2026-03', '2026-04']) {
        storeCells.push([
          await textOf(store, `cell-total-${month}`),
          await colourOf(store, `cell-total-${month}`),
        ])
      }
      expect(storeCells).toEqual(headCells)
      await screenshot(store, 'console-1280-repurchase-store')
      await close(store)
    })

    it('refuses a reversed range before asking the server', async () => {
      const page = await open('/console/#/repurchase?by=region')
      await page.getByTestId('cohort-row-R-EAST').waitFor()
      const before = apiCalls('/api/console/repurchase').length
      await page.getByTestId('from-month').selectOption('2026-11')
      await page.getByTestId('to-month').selectOption('2026-10')
      expect(await textOf(page, 'range-problem')).toBe(
        '结束月份不能早于起始月份',
      )
      expect(apiCalls('/api/console/repurchase')).toHaveLength(before + 1)
      await close(page)
    })
  })

  // -------------------------------------------------------------- groups

  describe('one customer, one group', () => {
    it('lists the problems in words, with counts and filters', async () => {
      const page = await open('/console/#/groups')
      await page.getByTestId('problem-groups').waitFor()
      const all = groupProblems()
      const badName = all.groups.filter((g) => g.nameProblem).length
      const noRoles = all.groups.filter((g) => g.missingRoles.length).length
      expect(await textOf(page, 'count-bad-name')).toBe(`群名不规范 ${badName}`)
      expect(await textOf(page, 'count-missing-roles')).toBe(
        `缺少角色 ${noRoles}`,
      )
      expect(await textOf(page, 'count-no-group')).toBe(
        `未建群客户 ${all.customersWithoutGroup.length}`,
      )
      const rows = await rowsOf(page, 'problem-groups')
      expect(rows).toHaveLength(all.groups.length)
      const byName = (name: string) => rows.find((r) => r[0]!.startsWith(name))!
      expect(byName('豆豆妈的群')[3]).toBe('缺少客户编号')
      expect(byName('C10023-Moco')[3]).toBe('缺少主诉 缺少护士')
      expect(byName('C10045 豆豆 皮肤复查')[3]).toBe('缺少医生、护士')
      expect(byName('群名为空')[3]).toContain('群名为空')
      await screenshot(page, 'console-1280-groups')

      await page.getByTestId('hospital-filter').selectOption('H-SH-XH')
      expect(await textOf(page, 'count-bad-name')).toBe(
        '群名不规范 按当前筛选 2',
      )
      await page.getByTestId('role-filter').selectOption('front_desk')
      const filtered = await rowsOf(page, 'problem-groups')
      expect(filtered.map((r) => r[0]!.split(' ')[0])).toEqual([
        'C10088',
        'C10102-咪咪-绝育',
      ])
      await page.getByTestId('search').fill('咪咪')
      expect(await rowsOf(page, 'problem-groups')).toHaveLength(1)
      // The cards count what the filters leave, as the list does.
      expect(await textOf(page, 'count-missing-roles')).toBe(
        '缺少角色 按当前筛选 1',
      )
      expect(await textOf(page, 'count-bad-name')).toBe(
        '群名不规范 按当前筛选 0',
      )
      await screenshot(page, 'console-1280-groups-filtered')
      await page.getByTestId('search').fill('没有这个群')
      await visible(page, '没有符合筛选条件的记录')

      await page.getByTestId('count-no-group').click()
      await page.getByTestId('search').fill('')
      await page.getByTestId('groupless-customers').waitFor()
      expect(await rowsOf(page, 'groupless-customers')).toEqual([
        ['C10110', '孙小姐', '上海徐汇宠物医院', '已添加'],
      ])
      await page
        .getByTestId('hospital-filter')
        .selectOption({ label: '全部门店' })
      expect(await rowsOf(page, 'groupless-customers')).toHaveLength(8)
      await screenshot(page, 'console-1280-groups-customers')
      await close(page)
    })

    it('shows a store manager their hospital’s groups only', async () => {
      const page = await open('/console/#/groups', { as: 'WangQiang' })
      await page.getByTestId('problem-groups').waitFor()
      expect(await rowsOf(page, 'problem-groups')).toHaveLength(3)
      // One hospital: nothing to choose.
      await expect(page.getByTestId('hospital-filter').count()).resolves.toBe(0)
      await close(page)
    })
  })

  // --------------------------------------------------------------- audit

  describe('record audit', () => {
    it('pages through openings in China time and filters them', async () => {
      const page = await open('/console/#/audit')
      await page.getByTestId('audit').waitFor()
      const first = await rowsOf(page, 'audit')
      expect(first).toHaveLength(20)
      expect(await textOf(page, 'audit-total')).toBe('共 57 条')
      // FAKE_NOW minus a few minutes, 10:0x in Shanghai (not LA's evening).
      expect(first[0]![0]).toMatch(/^2026-12-09 09:\d\d:\d\d$/)
      expect(await textOf(page, 'page-number')).toBe('第 1 页')
      await expect(page.getByTestId('prev-page').isDisabled()).resolves.toBe(
        true,
      )
      await screenshot(page, 'console-1280-audit')
      // The page number moves at the click; the rows once the page is in.
      const turn = async (testId: string) => {
        await Promise.all([
          page.waitForResponse((r) => r.url().includes('/api/console/audit')),
          page.getByTestId(testId).click(),
        ])
        await page.locator('.loaded[aria-busy="false"]').waitFor()
      }

      await turn('next-page')
      await page.getByTestId('page-number').getByText('第 2 页').waitFor()
      const second = await rowsOf(page, 'audit')
      expect(second[0]).not.toEqual(first[0])
      expect(apiCalls('/api/console/audit').at(-1)).toMatch(/before=AU\d+/)
      await turn('next-page')
      await page.getByTestId('page-number').getByText('第 3 页').waitFor()
      expect(await rowsOf(page, 'audit')).toHaveLength(17)
      await expect(page.getByTestId('next-page').isDisabled()).resolves.toBe(
        true,
      )
      await turn('prev-page')
      await page.getByTestId('page-number').getByText('第 2 页').waitFor()
      expect(await rowsOf(page, 'audit')).toEqual(second)

      // Filters start again from the first page.
      await page.getByTestId('filter-pet').fill('P10023')
      await page.getByTestId('filter-from').fill('2026-12-01')
      await page.getByTestId('filter-to').fill('2026-12-05')
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('petId=P10023')),
        page.getByRole('button', { name: '查询' }).click(),
      ])
      await page.getByTestId('audit').waitFor()
      // One page of results: no paging to offer.
      await expect(page.getByTestId('page-number').count()).resolves.toBe(0)
      expect(apiCalls('/api/console/audit').at(-1)).toBe(
        '/api/console/audit?petId=P10023&from=2026-12-01&to=2026-12-05',
      )
      for (const row of await rowsOf(page, 'audit')) {
        expect(row[2]).toContain('P10023')
        expect(row[0]! >= '2026-12-01' && row[0]! < '2026-12-06').toBe(true)
      }

      // An end before the start is refused in the form.
      await page.getByTestId('filter-to').fill('2026-11-01')
      expect(await textOf(page, 'date-problem')).toBe(
        '结束日期不能早于开始日期',
      )
      await page.getByRole('button', { name: '重置' }).click()
      await page.getByTestId('audit').waitFor()
      await close(page)
    })

    it('narrows to a member by clicking their name, and says when nothing matches', async () => {
      const page = await open('/console/#/audit')
      await page.getByTestId('audit').waitFor()
      const [row] = await page.getByTestId('audit-row').all()
      const name = await row!
        .locator('td')
        .nth(1)
        .getByRole('button')
        .innerText()
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('userId=')),
        row!.locator('td').nth(1).getByRole('button').click(),
      ])
      await page.getByTestId('audit').waitFor()
      for (const r of await rowsOf(page, 'audit')) {
        expect(r[1]).toContain(name)
      }
      // The filter shows who it is, and clears with ×.
      expect(await textOf(page, 'filter-user-chosen')).toContain(name)
      await page.getByTestId('filter-pet').fill('P99999')
      await page.getByRole('button', { name: '查询' }).click()
      await visible(page, '没有符合条件的查阅记录')
      await screenshot(page, 'console-1280-audit-empty')
      await page.getByTestId('filter-user-clear').click()
      await expect(page.getByTestId('filter-user').count()).resolves.toBe(1)
      await close(page)
    })

    it('picks the member from the server’s list of members in scope, by name or account', async () => {
      const page = await open('/console/#/audit', { as: 'LiNa' })
      await page.getByTestId('audit').waitFor()
      await page.getByTestId('filter-user').fill('王')
      await page.getByTestId('member-option').first().waitFor()
      // 李娜 is 华东's admin: 静安's 王芳 and 王强 are hers, no one of 华南.
      const options = await page.getByTestId('member-option').allInnerTexts()
      expect(options.map((o) => o.replace(/\s+/g, ' '))).toEqual([
        '王芳 WangFang 爱宠管家 · 上海静安宠物医院',
        '王强 WangQiang 店长 · 上海静安宠物医院',
      ])
      expect(apiCalls('/api/console/members').at(-1)).toBe(
        '/api/console/members?q=%E7%8E%8B&limit=20',
      )
      await screenshot(page, 'console-1280-audit-member-picker')
      // The first is highlighted: down and Enter picks 王强.
      await page.getByTestId('filter-user').press('ArrowDown')
      await page.getByTestId('filter-user').press('Enter')
      expect(await textOf(page, 'filter-user-chosen')).toBe('王强 WangQiang ×')
      await page.getByTestId('filter-user-clear').click()
      await page.getByTestId('filter-user').fill('王')
      await page.getByTestId('member-option').first().waitFor()
      await page.getByTestId('filter-user').press('Enter')
      expect(await textOf(page, 'filter-user-chosen')).toBe('王芳 WangFang ×')
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('userId=WangFang')),
        page.getByRole('button', { name: '查询' }).click(),
      ])
      await page.getByTestId('audit').waitFor()
      for (const r of await rowsOf(page, 'audit')) {
        expect(r[1]).toContain('王芳')
      }

      // A member of 华南 (马超 of 广州天河) is not hers to find.
      await page.getByTestId('filter-user-clear').click()
      await page.getByTestId('filter-user').fill('MaChao')
      await visible(page, '没有找到这位成员')
      await page.getByTestId('filter-user').press('Escape')
      await close(page)
    })
  })

  // ---------------------------------------------------------- callbacks

  describe('callback log', () => {
    it('counts by status, filters, and retries a parked event after confirming', async () => {
      const page = await open('/console/#/events')
      await page.getByTestId('events').waitFor()
      expect(await textOf(page, 'status-all')).toBe('全部 46')
      expect(await textOf(page, 'status-failed')).toBe('处理失败 3')
      expect(await textOf(page, 'status-parked')).toBe('已搁置 2')
      expect(await rowsOf(page, 'events')).toHaveLength(20)
      // 处理次数 counts the run that applied it (尝试 said 0 for those), and
      // says apart how many failed.
      expect(await textOf(page, 'attempts-head')).toBe('处理次数')
      expect(
        await page.getByTestId('attempts-head').getAttribute('title'),
      ).toContain('含最终成功的那一次')
      const runs = async (id: string) =>
        (
          await page
            .getByTestId(`event-${id}`)
            .getByTestId('event-attempts')
            .innerText()
        ).replace(/\s+/g, ' ')
      expect(await runs('EV4996')).toBe('1')
      expect(await runs('EV4986')).toBe('4 失败 3 次')
      expect(await runs('EV5000')).toBe('0')
      expect(await runs('EV4995')).toBe('2 失败 2 次')
      await screenshot(page, 'console-1280-events')

      await Promise.all([
        page.waitForResponse((r) => r.url().includes('status=parked')),
        page.getByTestId('status-parked').click(),
      ])
      const parked = await rowsOf(page, 'events')
      expect(parked).toHaveLength(2)
      expect(parked[0]!.join(' ')).toContain('errcode 84061')
      const retry = page.getByTestId('event-EV4992').getByTestId('retry')

      // Cancel asks nothing of the server.
      await retry.click()
      await page.getByTestId('confirm-dialog').waitFor()
      expect(await textOf(page, 'confirm-dialog')).toContain('EV4992')
      await screenshot(page, 'console-1280-events-confirm')
      await page.getByRole('button', { name: '取消' }).click()
      expect(b.api.requests.filter((r) => r.method === 'POST')).toHaveLength(0)

      await retry.click()
      await page.getByRole('button', { name: '重新处理' }).click()
      await visible(page, '已重新排队，稍后由后台处理。')
      expect(
        b.api.requests.filter((r) => r.method === 'POST').map((r) => r.url),
      ).toEqual(['/api/console/events/EV4992/retry'])
      await page.getByTestId('status-parked').getByText('1').waitFor()
      expect(await rowsOf(page, 'events')).toHaveLength(1)
      expect(await textOf(page, 'status-pending')).toBe('待处理 4')
      await close(page)
    })

    it('says why a retry failed', async () => {
      b.api.fail('POST /api/console/events/.*/retry', {
        status: 500,
        times: 1,
      })
      const page = await open('/console/#/events')
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('status=failed')),
        page.getByTestId('status-failed').click(),
      ])
      await page.getByTestId('retry').first().click()
      await page.getByRole('button', { name: '重新处理' }).click()
      expect(await textOf(page, 'toast')).toMatch(
        /重试失败：服务器返回错误（HTTP 500）。$/,
      )
      await screenshot(page, 'console-1280-events-retry-failed')

      // Someone else retried it meanwhile, and it has been processed: the
      // server refuses with 409 and its status, and the page says so and
      // refreshes.
      const row = page.getByTestId('retry').first()
      await row.click()
      const [failed] = b.api.events.filter((e) => e.status === 'failed')
      failed!.status = 'done'
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('status=failed')),
        page.getByRole('button', { name: '重新处理' }).click(),
      ])
      expect(await textOf(page, 'toast')).toContain(
        '这个事件现在是「已处理」状态，不需要重试，可能已有人重试过；列表已刷新。',
      )
      expect(
        (await rowsOf(page, 'events')).some((r) => r[0]!.includes(failed!.id)),
      ).toBe(false)
      await close(page)
    })

    it('pages forward to the end, and says when there are no callbacks', async () => {
      const page = await open('/console/#/events')
      await page.getByTestId('events').waitFor()
      await page.getByTestId('next-page').click()
      await page.getByTestId('page-number').getByText('第 2 页').waitFor()
      await page.getByTestId('next-page').click()
      await page.getByTestId('page-number').getByText('第 3 页').waitFor()
      expect(await rowsOf(page, 'events')).toHaveLength(6)
      await expect(page.getByTestId('next-page').isDisabled()).resolves.toBe(
        true,
      )
      // No callback yet at all: say so rather than show an empty table.
      b.api.events.splice(0)
      await page.getByRole('button', { name: /刷新/ }).click()
      await visible(page, '还没有回调事件')
      await screenshot(page, 'console-1280-events-empty')
      await close(page)
    })

    it('offers no retry to anyone but head office', async () => {
      // A region admin never sees the page; the local admin (head office) does.
      const page = await open('/console/#/events', { as: 'admin' })
      await page.getByTestId('events').waitFor()
      await expect(page.getByTestId('retry').count()).resolves.toBeGreaterThan(
        0,
      )
      await page.context().close()
      const region = await open('/console/#/events', { as: 'LiNa' })
      await region.getByTestId('week-net').waitFor()
      expect(new URL(region.url()).hash).toBe('#/')
      // The page was never mounted for her, so it asked nothing.
      expect(apiCalls('/api/console/events')).toHaveLength(1)
      await close(region)
    })
  })

  // -------------------------------------------------------------- widths

  describe('other desktop widths', () => {
    it('fits 1440×900 and stays usable at 1024 wide', async () => {
      const wide = await open('/console/#/leaderboard', {
        viewport: { width: 1440, height: 900 },
      })
      await wide.getByTestId('board').waitFor()
      await screenshot(wide, 'console-1440-leaderboard')
      await close(wide)

      for (const path of [
        '/console/#/leaderboard?level=member',
        '/console/#/repurchase?by=hospital',
        '/console/#/events',
      ]) {
        const page = await open(path, {
          viewport: { width: 1024, height: 768 },
        })
        await page.locator('table').first().waitFor()
        await expectNoPageScroll(page)
        const name = path.split('#/')[1]!.split('?')[0]
        await screenshot(page, `console-1024-${name}`)
        await close(page)
      }
    })

    it('fits the overview, boards and lists to 1280 and 1440 wide for each level', async () => {
      const pages: [string, string, string | null, string][] = [
        ['overview-region', '/console/', 'LiNa', 'week-target'],
        ['overview-store', '/console/', 'WangQiang', 'week-target'],
        ['leaderboard-store', '/console/#/leaderboard', 'WangQiang', 'board'],
        ['repurchase-store', '/console/#/repurchase', 'WangQiang', 'cohorts'],
        ['follow-ups', '/console/#/follow-ups', null, 'follow-up-compose'],
        ['quiet-groups', '/console/#/quiet-groups', null, 'quiet-groups'],
        ['lost', '/console/#/lost', null, 'lost-hospitals'],
        ['events', '/console/#/events', null, 'events'],
        [
          'protocol',
          '/console/#/protocol?region=R-SOUTH',
          null,
          'vaccines-dog',
        ],
      ]
      for (const width of [1280, 1440]) {
        for (const [name, path, as, ready] of pages) {
          const page = await open(path, {
            viewport: { width, height: 900 },
            ...(as ? { as } : {}),
          })
          await page.getByTestId(ready).first().waitFor()
          if (name === 'protocol') {
            await page.getByTestId('protocol-edit').click()
            await page
              .getByTestId('vaccine-cat-core-rabies')
              .getByTestId('edit-booster')
              .fill('999')
            await page.getByTestId('protocol-save').click()
            await page.getByTestId('field-problem').first().waitFor()
          }
          await expectNoPageScroll(page)
          await screenshot(page, `console-${width}-fit-${name}`)
          await close(page)
        }
      }
    })

    it('shows where the keyboard focus is', async () => {
      const page = await open('/console/#/leaderboard')
      await page.getByTestId('board').waitFor()
      await page.keyboard.press('Tab')
      // The first stop is the skip link, then the menu.
      await expect(
        page.evaluate(() => document.activeElement?.textContent?.trim()),
      ).resolves.toBe('跳到主要内容')
      await page.keyboard.press('Tab')
      await page.keyboard.press('Tab')
      const outline = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        return getComputedStyle(el).outlineStyle
      })
      expect(outline).not.toBe('none')
      await screenshot(page, 'console-1280-focus')
      await close(page)
    })
  })
})
