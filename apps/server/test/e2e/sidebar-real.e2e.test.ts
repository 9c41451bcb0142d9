/**
 * The sidebar against the real server's sidebar API in demo mode: the demo
 * corp synced, the demo hospital records imported and bound, members signed
 * in through the simulator's OAuth page, as after `npm start`.
 */
import type { DemoChats, QuickReplyList } from '@petcare/shared'
import type { Browser, Page } from 'playwright-core'
import { databaseTargets, type TestDatabase } from '../databases'
import { startSidebarHarness, type SidebarHarness } from '../sidebar-harness'
import {
  buildApps,
  describeInChromium,
  launchChromium,
  screenshot,
} from './browser'

describeInChromium('the sidebar against the real server', () => {
  let database: TestDatabase
  let h: SidebarHarness
  let browser: Browser
  let butler: string
  let externalUserId: string
  const pageErrors: string[] = []

  beforeAll(async () => {
    buildApps()
    database = await databaseTargets()[0]!.create()
    h = await startSidebarHarness(database.config, {
      startAt: new Date('2026-12-04T10:00:00+08:00'),
    })
    browser = await launchChromium()
    const [first] = await h.app.dataSource.query<
      { user_id: string; external_user_id: string }[]
    >(
      `SELECT f.user_id, f.external_user_id FROM follow f
         JOIN customer_binding b ON b.external_user_id = f.external_user_id
          AND b.unbound_at IS NULL
         JOIN staff s ON s.user_id = f.user_id AND s.role = 'butler'
        WHERE f.ended_at IS NULL ORDER BY f.external_user_id LIMIT 1`,
    )
    butler = first!.user_id
    externalUserId = first!.external_user_id
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

  async function open(
    path: string,
    width: number,
    height: number,
    cookie?: string,
  ): Promise<Page> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width, height },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    })
    if (cookie) {
      await context.addCookies(
        cookie.split('; ').map((pair) => {
          const [name, value] = pair.split('=') as [string, string]
          return { name, value, url: h.app.url }
        }),
      )
    }
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(h.app.url + path)
    return page
  }

  it('signs in through the simulator and shows the bound customer’s pet file (375×667)', async () => {
    const back = `/sidebar/?chat=contact:${externalUserId}`
    const page = await open(back, 375, 667)

    // 401 → /api/auth/oauth/start → the simulator's member picker.
    await page
      .getByRole('link', { name: new RegExp(butler) })
      .first()
      .click()
    await page.getByTestId('pet-file').waitFor()
    // The hash router adds its root route.
    expect(page.url()).toBe(`${h.app.url}${back}#/`)
    await page.getByTestId('customer-card').waitFor()
    expect(await page.getByTestId('bound-status').innerText()).toBe('已绑定')
    await screenshot(page, 'sidebar-real-375-contact')

    await page.getByTestId('tab-history').click()
    await page.getByTestId('visit').first().click()
    await page.getByTestId('visit-detail').waitFor()
    await screenshot(page, 'sidebar-real-375-visit')
    await page.context().close()
  })

  /** How many sends of a reply the library has counted. */
  async function usesOf(replyId: string): Promise<number> {
    const [row] = await h.app.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM quick_reply_use WHERE reply_id = ?',
      [replyId],
    )
    return Number(row!.n)
  }

  /** Waits for the library's count of a reply to reach `n`. */
  async function waitForUses(replyId: string, n: number): Promise<void> {
    const until = Date.now() + 5000
    while ((await usesOf(replyId)) !== n && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(await usesOf(replyId)).toBe(n)
  }

  it('sends a quick reply filled by the server through the demo bridge, and counts each send that went out once (420×800)', async () => {
    const member = await h.signIn(butler)
    const listed = (await (
      await member.get(
        `/api/sidebar/quick-replies?externalUserId=${externalUserId}`,
      )
    ).json()) as QuickReplyList
    const idOf = (title: string) =>
      listed.replies.find((r) => r.title === title)!.id
    const page = await open(
      `/sidebar/?chat=contact:${externalUserId}#/?tab=replies`,
      420,
      800,
      member.cookie,
    )

    const first = page
      .getByTestId('quick-reply')
      .filter({ has: page.getByTestId('reply-send') })
      .first()
    await first.waitFor()
    const textId = idOf(await first.locator('.reply-title').innerText())
    // Regression: the sidebar never reported a send, so the console's
    // 近 30 天发送 stayed 0.
    expect(await usesOf(textId)).toBe(0)
    await first.getByTestId('reply-send').click()
    await page.getByText('已发送到聊天（演示）').waitFor()
    await waitForUses(textId, 1)
    const sent = await page.evaluate(() => window.__wecomBridge?.sent ?? [])
    expect(sent).toHaveLength(1)
    const message = sent[0]!
    if (message.msgtype === 'text') {
      expect(message.text.content).not.toMatch(/\{\{/)
    } else if (message.msgtype === 'news') {
      expect(message.news.link).toMatch(/^https?:/)
    }
    await screenshot(page, 'sidebar-real-420-quick-replies')

    // The demo's image reply: the server uploads the PNG to the simulated
    // WeCom and the bridge sends the media id it got back.
    const card = page
      .getByTestId('quick-reply')
      .filter({ hasText: '疫苗接种时间表' })
    await card.scrollIntoViewIfNeeded()
    await card.getByTestId('reply-send').click()
    await page.waitForFunction(() => window.__wecomBridge?.sent.length === 2)
    const image = (
      await page.evaluate(() => window.__wecomBridge?.sent ?? [])
    )[1]!
    const uploaded = h.sim.sent.media.at(-1)!
    expect(image).toEqual({
      msgtype: 'image',
      image: { mediaid: uploaded.mediaId },
    })
    expect(uploaded.filename).toBe('vaccine-schedule.png')
    await waitForUses(idOf('疫苗接种时间表'), 1)
    await screenshot(page, 'sidebar-real-420-quick-reply-image')

    // A send that does not go out counts nothing: the upload fails.
    await h.app.dataSource.query(
      'UPDATE quick_reply SET media_id = NULL WHERE id = ?',
      [idOf('疫苗接种时间表')],
    )
    h.sim.faults.inject({ path: '/cgi-bin/media/upload', errcode: 40005 })
    await card.getByTestId('reply-send').click()
    await page.getByText(/图片发送失败/).waitFor()
    await page.waitForTimeout(300)
    expect(await usesOf(idOf('疫苗接种时间表'))).toBe(1)
    expect(await usesOf(textId)).toBe(1)
    expect(await page.evaluate(() => window.__wecomBridge?.sent.length)).toBe(2)
    await page.context().close()
  })

  it('binds a customer and audits the opening once per pet (375×667)', async () => {
    const [chat] = await h.app.dataSource.query<
      { user_id: string; external_user_id: string }[]
    >(
      `SELECT f.user_id, f.external_user_id FROM follow f
         JOIN staff s ON s.user_id = f.user_id AND s.role = 'butler'
        WHERE f.ended_at IS NULL AND NOT EXISTS (
          SELECT 1 FROM customer_binding b
           WHERE b.external_user_id = f.external_user_id
             AND b.unbound_at IS NULL)
        ORDER BY f.external_user_id LIMIT 1`,
    )
    // A record of the butler's hospital that nobody is bound to, with pets.
    const [record] = await h.app.dataSource.query<{ id: string }[]>(
      `SELECT c.id FROM hospital_customer c
         JOIN hospital x ON x.id = c.hospital_id
         JOIN staff s ON s.user_id = ?
        WHERE s.main_department_id = x.wecom_department_id
          AND EXISTS (SELECT 1 FROM pet p WHERE p.customer_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM customer_binding b
                WHERE b.customer_id = c.id AND b.unbound_at IS NULL)
        ORDER BY c.id LIMIT 1`,
      [chat!.user_id],
    )
    const member = await h.signIn(chat!.user_id)
    const page = await open(
      `/sidebar/?chat=contact:${chat!.external_user_id}`,
      375,
      667,
      member.cookie,
    )

    await page.getByTestId('bind-query').fill(record!.id)
    await page.getByRole('button', { name: '查找' }).click()
    await page.getByRole('button', { name: '绑定此档案' }).click()
    await page.getByTestId('pet-file').waitFor()
    await page.waitForTimeout(300)

    // Regression: the bind's answer was audited, then the sidebar asked
    // for the same view again: two identical rows per pet.
    const rows = await h.app.dataSource.query<
      { pet_id: string; n: number | string }[]
    >(
      `SELECT pet_id, COUNT(*) AS n FROM record_audit
        WHERE customer_id = ? AND source = 'sidebar' GROUP BY pet_id`,
      [record!.id],
    )
    const [pets] = await h.app.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM pet WHERE customer_id = ?',
      [record!.id],
    )
    expect(rows).toHaveLength(Number(pets!.n))
    expect(rows.map((r) => Number(r.n))).toEqual(rows.map(() => 1))
    // The member by name (regression: "由 ZhouChen 绑定").
    const [staff] = await h.app.dataSource.query<{ name: string }[]>(
      'SELECT name FROM staff WHERE user_id = ?',
      [chat!.user_id],
    )
    expect(await page.getByTestId('customer-card').innerText()).toContain(
      `由 ${staff!.name} 绑定`,
    )
    await screenshot(page, 'sidebar-real-375-bound')
    await page.context().close()
  })

  it('binds a record of another hospital found by the customer’s phone (375×667)', async () => {
    const [chat] = await h.app.dataSource.query<
      { user_id: string; external_user_id: string }[]
    >(
      `SELECT f.user_id, f.external_user_id FROM follow f
         JOIN staff s ON s.user_id = f.user_id AND s.role = 'butler'
        WHERE f.ended_at IS NULL AND NOT EXISTS (
          SELECT 1 FROM customer_binding b
           WHERE b.external_user_id = f.external_user_id
             AND b.unbound_at IS NULL)
        ORDER BY f.external_user_id DESC LIMIT 1`,
    )
    // Unbound, of another hospital, the only record with its phone.
    const [record] = await h.app.dataSource.query<
      { id: string; phone: string }[]
    >(
      `SELECT c.id, c.phone FROM hospital_customer c
         JOIN hospital x ON x.id = c.hospital_id
         JOIN staff s ON s.user_id = ?
        WHERE s.main_department_id <> x.wecom_department_id
          AND c.phone IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM customer_binding b
                WHERE b.customer_id = c.id AND b.unbound_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM hospital_customer o
                WHERE o.phone = c.phone AND o.id <> c.id)
        ORDER BY c.id LIMIT 1`,
      [chat!.user_id],
    )
    const member = await h.signIn(chat!.user_id)
    const page = await open(
      `/sidebar/?chat=contact:${chat!.external_user_id}`,
      375,
      667,
      member.cookie,
    )

    await page.getByTestId('bind-query').fill(record!.phone)
    await page.getByRole('button', { name: '查找' }).click()
    await page.getByRole('button', { name: '绑定此档案' }).click()
    // Regression: bound by customer ID, refused as "no hospital customer
    // matches" since the record is not of the butler's hospital.
    await page.getByTestId('customer-card').waitFor()
    const card = await page.getByTestId('customer-card').innerText()
    expect(card).toContain(record!.id)
    expect(card).toContain('按手机号绑定')
    await page.context().close()
  })

  it('names the simulated chat of ?chat= in the demo banner, even one the picker does not list (375×667)', async () => {
    const [headOffice] = await h.app.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM staff WHERE role = 'head_office_ops'
        ORDER BY user_id LIMIT 1`,
    )
    const member = await h.signIn(headOffice!.user_id)
    const listed = (await (
      await member.get('/api/demo/chats')
    ).json()) as DemoChats
    const shown = new Set(listed.contacts.map((c) => c.externalUserId))
    const customers = await h.app.dataSource.query<
      { external_user_id: string; name: string }[]
    >('SELECT external_user_id, name FROM customer ORDER BY external_user_id')
    const other = customers.find((c) => !shown.has(c.external_user_id))!
    const page = await open(
      `/sidebar/?chat=contact:${other.external_user_id}`,
      375,
      667,
      member.cookie,
    )

    await page.getByTestId('contact-card').waitFor()
    // Regression: the banner read "正在模拟：wmcKVeFK…".
    const banner = await page.getByTestId('demo-bar').innerText()
    expect(banner).toContain(`正在模拟：${other.name}`)
    expect(banner).not.toContain(other.external_user_id)
    await page.context().close()
  })

  it('offers a region admin the chats of their region, searchable (420×800)', async () => {
    // Regression: a region admin's picker was empty, and said the demo was
    // still syncing.
    const [admin] = await h.app.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM staff WHERE role = 'region_admin'
        ORDER BY user_id LIMIT 1`,
    )
    const member = await h.signIn(admin!.user_id)
    const chats = (await (
      await member.get('/api/demo/chats')
    ).json()) as DemoChats
    const wanted = chats.contacts.find((c) => c.customerId)!
    const page = await open('/sidebar/', 420, 800, member.cookie)

    await page.getByTestId('demo-contacts').waitFor()
    await page.getByTestId('demo-groups').waitFor()
    await screenshot(page, 'sidebar-real-420-region-picker')

    await page.getByTestId('demo-search').fill(wanted.customerId!)
    const options = page.getByTestId('demo-contacts').getByRole('button')
    await page.waitForFunction((id) => {
      const buttons = Array.from(
        document.querySelectorAll('[data-testid="demo-contacts"] button'),
      )
      return (
        buttons.length > 0 && buttons.every((b) => b.textContent?.includes(id))
      )
    }, wanted.customerId!)
    expect(await options.first().innerText()).toContain(wanted.name)
    await screenshot(page, 'sidebar-real-420-picker-search')

    await page.getByTestId('demo-search').fill('没有这个人')
    await page
      .getByTestId('demo-empty')
      .getByText('没有与「没有这个人」匹配的客户或客户群。')
      .waitFor()
    await page.context().close()
  })

  it('tells demo customers of one name apart in the picker (420×800)', async () => {
    // Regression: Amy.W four times over, nothing to tell them apart.
    const [twin] = await h.app.dataSource.query<{ name: string }[]>(
      `SELECT c.name FROM customer c
         JOIN customer_binding b ON b.external_user_id = c.external_user_id
          AND b.unbound_at IS NULL
        GROUP BY c.name HAVING COUNT(*) > 1 ORDER BY c.name LIMIT 1`,
    )
    const [headOffice] = await h.app.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM staff WHERE role = 'head_office_ops'
        ORDER BY user_id LIMIT 1`,
    )
    const member = await h.signIn(headOffice!.user_id)
    const page = await open('/sidebar/', 420, 800, member.cookie)

    await page.getByTestId('demo-search').fill(twin!.name)
    const options = page.getByTestId('demo-contacts').getByRole('button')
    await page.waitForFunction((name) => {
      const buttons = Array.from(
        document.querySelectorAll('[data-testid="demo-contacts"] button'),
      )
      return (
        buttons.length > 1 &&
        buttons.every((b) => b.textContent?.includes(name))
      )
    }, twin!.name)
    const texts = (await options.allInnerTexts()).filter((text) =>
      /C\d/.test(text),
    )
    expect(texts.length).toBeGreaterThan(1)
    expect(new Set(texts).size).toBe(texts.length)
    await screenshot(page, 'sidebar-real-420-picker-twins')
    await page.context().close()
  })

  it('lists the demo chats and opens a customer group (420×800)', async () => {
    const member = await h.signIn(butler)
    const chats = (await (
      await member.get('/api/demo/chats')
    ).json()) as DemoChats
    expect(chats.contacts.length).toBeGreaterThan(0)
    const page = await open('/sidebar/', 420, 800, member.cookie)

    await page.getByTestId('demo-picker').waitFor()
    await screenshot(page, 'sidebar-real-420-demo-picker')
    const group = chats.groups[0]
    if (group) {
      await page.getByRole('button', { name: group.name }).first().click()
      await page.getByTestId('group-card').waitFor()
      expect(await page.getByTestId('group-card').innerText()).toContain(
        group.name,
      )
      await screenshot(page, 'sidebar-real-420-group')
    }
    await page.context().close()
  })

  it('holds back a link reply whose card lacks a variable, in a group with no record (420×800)', async () => {
    // Like 多多家长群: a name without a customer ID, so nothing fills {{petName}}.
    const [group] = await h.app.dataSource.query<
      { chat_id: string; owner_id: string }[]
    >(
      `SELECT chat_id, owner_id FROM customer_group
        WHERE customer_code IS NULL AND dismissed_at IS NULL
          AND owner_id IS NOT NULL
        ORDER BY chat_id LIMIT 1`,
    )
    const member = await h.signIn(group!.owner_id)
    const page = await open(
      `/sidebar/?chat=group:${group!.chat_id}#/?tab=replies`,
      420,
      800,
      member.cookie,
    )

    const card = page
      .getByTestId('quick-reply')
      .filter({ hasText: '免费体检邀请' })
    await card.scrollIntoViewIfNeeded()
    // Regression: the card read "{{petName}}的免费体检券" with 发送 on it,
    // and the raw variable went to the customer.
    const title = card.getByTestId('reply-link-title')
    expect(await title.innerText()).toBe('宠物名的免费体检券')
    expect(await title.locator('mark').innerText()).toBe('宠物名')
    expect(await card.getByTestId('reply-missing').innerText()).toContain(
      '宠物名',
    )
    expect(await card.getByTestId('reply-send').count()).toBe(0)
    await screenshot(page, 'sidebar-real-420-group-link-held')
    expect(
      await page.evaluate(() => window.__wecomBridge?.sent.length ?? 0),
    ).toBe(0)
    await page.context().close()
  })
})
