/**
 * The console's browser tests' common ground: the built console served by
 * the fake console API, one Chromium, and helpers to open a page signed in
 * as someone at 1280×800, with the clock fixed at Wednesday 2026-12-09
 * (2026-W50) in Shanghai while the browser itself is set to Los Angeles,
 * so every date on screen is checked to be China time. Uncaught page
 * errors fail the test they happen in.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { REPO, buildApps, launchChromium } from './browser'
import { FAKE_NOW } from './console-fake-data'
import { type FakeConsoleApi, startFakeConsoleApi } from './console-fake-api'

export const DESKTOP = { width: 1280, height: 800 }
export type Viewport = typeof DESKTOP

export interface ConsoleBrowser {
  /** The fake API of the running suite (set in `beforeAll`). */
  readonly api: FakeConsoleApi
  /** Opens a page, signed in as `as` (head office's 周敏 by default) unless null. */
  open(
    path: string,
    options?: { as?: string | null; viewport?: Viewport; now?: Date },
  ): Promise<Page>
  close(page: Page): Promise<void>
  visible(page: Page, text: string | RegExp): Promise<void>
  /** A test id's text, its white space folded. */
  textOf(page: Page, testId: string): Promise<string>
  /** The rows of a table, each as its cells' text. */
  rowsOf(page: Page, testId: string): Promise<string[][]>
  /** The URLs of the API calls made so far under `path`. */
  apiCalls(path: string): string[]
  /** Nothing scrolls sideways except inside a table's own frame. */
  expectNoPageScroll(page: Page): Promise<void>
}

/** Sets up the suite's hooks and answers the helpers. */
export function useConsoleBrowser(): ConsoleBrowser {
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

  async function textOf(page: Page, testId: string): Promise<string> {
    const text = await page.getByTestId(testId).first().innerText()
    return text.replace(/\s+/g, ' ').trim()
  }

  async function rowsOf(page: Page, testId: string): Promise<string[][]> {
    const rows = page.getByTestId(testId).locator('tbody tr')
    const out: string[][] = []
    for (const row of await rows.all()) {
      const cells = await row.locator('th, td').allInnerTexts()
      out.push(cells.map((c) => c.replace(/\s+/g, ' ').trim()))
    }
    return out
  }

  return {
    get api() {
      return api
    },
    open,
    close: (page) => page.context().close(),
    async visible(page, text) {
      await page.getByText(text).first().waitFor({ state: 'visible' })
    },
    textOf,
    rowsOf,
    apiCalls: (path) =>
      api.requests.filter((r) => r.url.startsWith(path)).map((r) => r.url),
    async expectNoPageScroll(page) {
      const width = await page.evaluate<number>(
        'document.documentElement.scrollWidth',
      )
      expect(width).toBeLessThanOrEqual(page.viewportSize()!.width)
    },
  }
}
