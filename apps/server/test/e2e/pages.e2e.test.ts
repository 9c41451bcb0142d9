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
import { ok, startFakeApi, summaryWithEvents, type FakeApi } from './fake-api'

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

  // The console's own pages (sign-in, leaderboard, repurchase, groups,
  // audit, callbacks, and the server status that used to be this page) are
  // in console-ui.e2e.test.ts, against the fake console API.
  describe('console', () => {
    it('is served at /console/ and asks who is signed in before anything else (1280×800)', async () => {
      const before = api.apiRequests.length
      const page = await open('/console/', { viewport: DESKTOP })
      const asked = () => api.apiRequests.slice(before)

      // This fake has no console API, so the question fails: the page says
      // it cannot open, with the server's code and a retry, not a blank.
      await visible(page, '无法打开运营后台')
      await expect(page.title()).resolves.toBe('运营后台 · 爱宠管家')
      expect(asked()[0]).toBe('GET /api/console/me')
      const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ')
      expect(text).toContain('NOT_FOUND')
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/console/me')),
        page.getByRole('button', { name: '重试' }).click(),
      ])
      expect(asked().filter((r) => r === 'GET /api/console/me')).toHaveLength(2)
      await close(page)
    })
  })
})
