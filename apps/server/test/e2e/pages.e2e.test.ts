/**
 * The sidebar and the console in a real Chromium: builds both apps, serves
 * them with the fake API (`fake-api.ts`), checks what a user sees and saves a
 * screenshot of each state to test-artifacts/screenshots/.
 *
 * Needs Debian's chromium at /usr/bin/chromium. Without it the suite is
 * skipped with a notice, except when CI=true, where that is a failure.
 */
import { join } from 'node:path'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import {
  REPO,
  buildApps,
  describeInChromium,
  launchChromium,
  screenshot,
} from './browser'
import {
  ok,
  startFakeApi,
  summaryEmpty,
  summaryProduction,
  summaryServerError,
  summaryWithEvents,
  type FakeApi,
} from './fake-api'

const PHONE = { width: 375, height: 667 }
const DESKTOP = { width: 1280, height: 800 }

describeInChromium('the sidebar and the console in Chromium', () => {
  let api: FakeApi
  let browser: Browser
  const pageErrors: string[] = []

  beforeAll(async () => {
    buildApps()
    api = await startFakeApi({
      apps: {
        '/sidebar/': join(REPO, 'apps/sidebar/dist'),
        '/console/': join(REPO, 'apps/console/dist'),
      },
    })
    browser = await launchChromium()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await api?.close()
  })

  beforeEach(() => {
    pageErrors.length = 0
    api.setHealth(ok({ status: 'ok' }))
    api.setSummary(ok(summaryWithEvents))
  })

  afterEach(() => {
    // An uncaught exception in a page fails the test that caused it.
    expect(pageErrors).toEqual([])
  })

  async function open(
    path: string,
    options: BrowserContextOptions,
  ): Promise<Page> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      // Far from China, to check that times are shown in China time anyway.
      timezoneId: 'America/Los_Angeles',
      ...options,
    })
    const page = await context.newPage()
    page.setDefaultTimeout(10_000)
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(api.baseUrl + path)
    return page
  }

  async function close(page: Page): Promise<void> {
    await page.context().close()
  }

  async function visible(page: Page, text: string | RegExp): Promise<void> {
    await page.getByText(text).first().waitFor({ state: 'visible' })
  }

  async function textOf(page: Page, testId: string): Promise<string> {
    const text = await page.getByTestId(testId).innerText()
    return text.replace(/\s+/g, ' ').trim()
  }

  /** Nothing wider than the viewport, and every button at least 44 px tall. */
  async function expectMobileFriendly(page: Page): Promise<void> {
    const scrollWidth = await page.evaluate<number>(
      'document.documentElement.scrollWidth',
    )
    expect(scrollWidth).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0)
    for (const button of await page.getByRole('button').all()) {
      const box = await button.boundingBox()
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44)
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(44)
    }
  }

  const mobile = (viewport: { width: number; height: number }) => ({
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  })

  // The sidebar's own states (chats, binding, quick replies, sign-in) are
  // in sidebar-ui.e2e.test.ts, against the fake sidebar API.
  describe('sidebar', () => {
    it('explains how to open it in WeCom when the server offers no demo (375×667)', async () => {
      const page = await open('/sidebar/', mobile(PHONE))

      await visible(page, '请在企业微信中打开')
      await expect(page.title()).resolves.toBe('爱宠管家 · 客户侧边栏')
      const heading = await page.getByRole('heading', { level: 1 }).innerText()
      expect(heading.replace(/\s+/g, ' ')).toBe('爱宠管家 · 客户侧边栏')
      expect(await textOf(page, 'outside')).toContain('聊天工具栏')
      await expectMobileFriendly(page)

      await screenshot(page, 'sidebar-375-browser-outside')
      await close(page)
    })
  })

  describe('console', () => {
    it('shows the demo banner and the callback event counts (1280×800)', async () => {
      const page = await open('/console/', { viewport: DESKTOP })

      await visible(page, '事件总数')
      await expect(page.title()).resolves.toBe('运营后台 · 爱宠管家')
      await visible(page, '运营后台')
      const banner = await textOf(page, 'demo-banner')
      expect(banner).toContain('演示模式')
      expect(banner).toContain('wwDemoCorp0000001')
      expect(banner).toContain('没有连接真实的企业微信账号')

      expect(await textOf(page, 'stat-total')).toContain('12')
      expect(await textOf(page, 'stat-last24h')).toContain('3')
      // 08:00 UTC is 16:00 in China.
      expect(await textOf(page, 'stat-last-received')).toContain(
        '2026-12-04 16:00:00',
      )

      const rows = page.getByTestId('by-type').locator('tbody tr')
      await expect(rows.count()).resolves.toBe(5)
      const first = (await rows.first().innerText()).replace(/\s+/g, ' ')
      expect(first).toContain('客户变更')
      expect(first).toContain('添加客户')
      expect(first).toContain('add_external_contact')
      expect(first).toMatch(/5$/)
      const unknown = (await rows.last().innerText()).replace(/\s+/g, ' ')
      expect(unknown).toContain('vendor_specific_event')
      expect(unknown).toContain('—')

      const statuses = await textOf(page, 'by-status')
      expect(statuses).toMatch(/待处理\s*pending\s*9/)
      expect(statuses).toMatch(/已处理\s*done\s*2/)
      expect(statuses).toMatch(/处理失败\s*failed\s*1/)
      expect(statuses).toMatch(/已搁置\s*parked\s*0/)

      await screenshot(page, 'console-1280-events-demo')
      await close(page)
    })

    it('refreshes, and hides the banner in production (1280×800)', async () => {
      const page = await open('/console/', { viewport: DESKTOP })
      await visible(page, '事件总数')
      const before = api.apiRequests.length

      api.setSummary(ok(summaryProduction, 300))
      await page.getByRole('button', { name: '刷新' }).click()
      await visible(page, '刷新中…')
      await page
        .getByTestId('stat-total')
        .getByText('13')
        .waitFor({ state: 'visible' })

      expect(api.apiRequests.length).toBe(before + 1)
      await expect(page.getByTestId('demo-banner').count()).resolves.toBe(0)
      expect(await textOf(page, 'stat-last-received')).toContain(
        '2026-12-04 17:30:15',
      )
      await screenshot(page, 'console-1280-events-production')
      await close(page)
    })

    it('explains how to send a first event when there are none (1280×800)', async () => {
      api.setSummary(ok(summaryEmpty))
      const page = await open('/console/', { viewport: DESKTOP })

      await visible(page, '还没有收到回调事件')
      expect(await textOf(page, 'events-empty')).toContain(
        'npm run wecom:send -- add-contact --user ZhangWei --external wmDemoCustomer001',
      )
      await expect(page.getByTestId('by-type').count()).resolves.toBe(0)
      await visible(page, '演示模式')

      await screenshot(page, 'console-1280-empty')
      await close(page)
    })

    it('shows a skeleton while loading (1280×800)', async () => {
      api.setSummary(ok(summaryWithEvents, 1500))
      const page = await open('/console/', { viewport: DESKTOP })

      await page.getByTestId('events-loading').waitFor({ state: 'visible' })
      await screenshot(page, 'console-1280-loading')

      await visible(page, '事件总数')
      await close(page)
    })

    it('shows the error with a retry button, and recovers (1280×800)', async () => {
      api.setSummary(summaryServerError)
      const page = await open('/console/', { viewport: DESKTOP })

      await visible(page, '无法加载回调事件')
      const panel = await textOf(page, 'events-panel')
      expect(panel).toContain('服务器返回错误（HTTP 500）')
      expect(panel).toContain('internal error')
      expect(panel).toContain('INTERNAL_ERROR')
      expect(panel).toContain('req-e2e-0001')
      await screenshot(page, 'console-1280-error')

      api.setSummary(ok(summaryWithEvents))
      await page.getByRole('button', { name: '重试' }).click()
      await visible(page, '事件总数')
      expect(await textOf(page, 'stat-total')).toContain('12')
      await expect(page.getByText('无法加载回调事件').count()).resolves.toBe(0)
      await close(page)
    })

    it('keeps the last data when a refresh fails (1280×800)', async () => {
      const page = await open('/console/', { viewport: DESKTOP })
      await visible(page, '事件总数')

      api.setSummary(summaryServerError)
      await page.getByRole('button', { name: '刷新' }).click()

      await visible(page, /刷新失败，下面显示的是上一次成功加载的数据/)
      expect(await textOf(page, 'stat-total')).toContain('12')
      await screenshot(page, 'console-1280-refresh-failed')
      await close(page)
    })
  })
})
