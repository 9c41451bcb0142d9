/**
 * The quick start, in a real Chromium against the real server: events sent
 * with the simulator's sealing show up in the console, and both pages are
 * served by the server itself at /console/ and /sidebar/.
 */
import {
  DEMO_CORP,
  externalChatXml,
  externalContactXml,
  isAcknowledged,
  postCallback,
  sealCallback,
} from '@petcare/wecom-sim'
import type { Browser, Page } from 'playwright-core'
import {
  DEMO_ADMIN_PASSWORD,
  setLocalAccount,
} from '../../src/modules/auth/local-accounts'
import { databaseTargets, type TestDatabase } from '../databases'
import { startTestApp, type TestApp } from '../test-app'
import {
  buildApps,
  describeInChromium,
  launchChromium,
  screenshot,
} from './browser'

describeInChromium('the real server in Chromium', () => {
  let database: TestDatabase
  let app: TestApp
  let browser: Browser

  beforeAll(async () => {
    buildApps()
    database = await databaseTargets()[0]!.create()
    app = await startTestApp({ database: database.config })
    browser = await launchChromium()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await database?.drop()
  })

  async function send(message: string): Promise<void> {
    const sealed = sealCallback(message, {
      url: app.callbackUrl,
      credentials: {
        token: DEMO_CORP.token,
        encodingAesKey: DEMO_CORP.encodingAesKey,
        receiveId: DEMO_CORP.corpId,
      },
      agentId: DEMO_CORP.agentId,
    })
    expect(isAcknowledged(await postCallback(sealed))).toBe(true)
  }

  async function open(
    path: string,
    width: number,
    height: number,
  ): Promise<Page> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width, height },
    })
    const page = await context.newPage()
    page.setDefaultTimeout(10_000)
    const response = await page.goto(app.url + path)
    expect(response?.status()).toBe(200)
    return page
  }

  it('redirects / to the console and serves its assets', async () => {
    const page = await open('/', 1280, 800)
    expect(new URL(page.url()).pathname).toBe('/console/')
    await page.context().close()
  })

  it('shows events sent to /wecom/callback in the console', async () => {
    await send(
      externalContactXml({
        corpId: DEMO_CORP.corpId,
        changeType: 'add_external_contact',
        userId: 'ZhangWei',
        externalUserId: 'wmE2e001',
      }),
    )
    await send(
      externalContactXml({
        corpId: DEMO_CORP.corpId,
        changeType: 'add_external_contact',
        userId: 'ZhangWei',
        externalUserId: 'wmE2e002',
      }),
    )
    await send(
      externalChatXml({
        corpId: DEMO_CORP.corpId,
        chatId: 'wrE2e001',
        changeType: 'create',
      }),
    )

    // The console asks who is there first: the local admin signs in.
    await setLocalAccount(app.dataSource, 'admin', DEMO_ADMIN_PASSWORD)
    const page = await open('/console/#/events', 1280, 800)
    await page.getByTestId('username').fill('admin')
    await page.getByTestId('password').fill(DEMO_ADMIN_PASSWORD)
    await page.getByTestId('password').press('Enter')
    await page.getByTestId('events').waitFor()
    expect(await page.getByTestId('status-all').innerText()).toMatch(/3$/)
    const log = (await page.getByTestId('events').innerText()).replace(
      /\s+/g,
      ' ',
    )
    expect(log.match(/添加客户/g)).toHaveLength(2)
    expect(log).toContain('创建客户群')
    expect(log).toContain('wmE2e001')
    expect(log).toContain('wrE2e001')
    await screenshot(page, 'real-console-1280-events')
    await page.context().close()
  })

  // What the sidebar shows is in sidebar-ui.e2e.test.ts (and, against this
  // server's own sidebar API, sidebar-real.e2e.test.ts).
  it('serves the sidebar at /sidebar/', async () => {
    const response = await fetch(`${app.url}/sidebar/`)
    expect(response.status).toBe(200)
    await expect(response.text()).resolves.toContain('爱宠管家 · 客户侧边栏')
  })

  it('answers a missing asset with 404, not the app', async () => {
    const response = await fetch(`${app.url}/console/assets/missing.js`)
    expect(response.status).toBe(404)
  })
})
