/**
 * The sidebar in a real Chromium against the fake sidebar API
 * (`sidebar-fake-api.ts`): the demo bridge in a plain browser, single and
 * group chats, binding, quick replies, notes, errors, empty states and the
 * OAuth round trip, at a phone's 375×667 and WeCom's 420×800 sidebar, with a
 * screenshot of each state in test-artifacts/screenshots/sidebar-*.png.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import {
  REPO,
  buildApps,
  describeInChromium,
  launchChromium,
  screenshot,
} from './browser'
import { startFakeSidebarApi, type FakeSidebarApi } from './sidebar-fake-api'

const PHONE = { width: 375, height: 667 }
const SIDEBAR = { width: 420, height: 800 }
type Viewport = typeof PHONE

/** A WeCom (企业微信) desktop webview's user agent. */
const WECOM_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ' +
  '(KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 wxwork/4.1.30 ' +
  'MicroMessenger/7.0.1 Language/zh'

describeInChromium('the sidebar in Chromium', () => {
  let api: FakeSidebarApi
  let browser: Browser
  const pageErrors: string[] = []

  beforeAll(async () => {
    buildApps()
    api = await startFakeSidebarApi({
      sidebarDist: join(REPO, 'apps/sidebar/dist'),
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
    viewport: Viewport,
    options: { signedIn?: boolean; userAgent?: string } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'America/Los_Angeles',
      viewport,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    })
    if (options.signedIn !== false) {
      await context.addCookies([
        {
          name: 'petcare_sid',
          value: api.sessionFor('ZhangWei'),
          url: api.baseUrl,
        },
      ])
    }
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: api.baseUrl,
    })
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

  /** Nothing wider than the viewport; every visible button at least 44 px. */
  async function expectMobileFriendly(page: Page): Promise<void> {
    const scrollWidth = await page.evaluate<number>(
      'document.documentElement.scrollWidth',
    )
    expect(scrollWidth).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0)
    for (const button of await page.getByRole('button').all()) {
      if (!(await button.isVisible())) continue
      const box = await button.boundingBox()
      const name = await button.innerText()
      expect([name, box?.height ?? 0]).toEqual([name, expect.any(Number)])
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44)
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(44)
    }
  }

  /** Polls `read` until it returns something, for up to 5 s. */
  async function eventually<T>(read: () => T | undefined): Promise<T> {
    for (let tries = 0; tries < 50; tries++) {
      const value = read()
      if (value !== undefined) return value
      await new Promise((done) => setTimeout(done, 100))
    }
    throw new Error('timed out waiting')
  }

  const sent = (page: Page) =>
    page.evaluate(() => window.__wecomBridge?.sent ?? [])

  describe.each([
    ['375', PHONE],
    ['420', SIDEBAR],
  ] as const)('at %s px', (width, viewport) => {
    it('shows a single chat: customer, pet alerts, age, weight, vaccines', async () => {
      const page = await open(
        '/sidebar/?chat=contact:wmDemoCustomer001',
        viewport,
      )

      await page.getByTestId('pet-file').waitFor()
      expect(await textOf(page, 'contact-card')).toContain('晓雯🐱')
      expect(await textOf(page, 'followers')).toContain('疫苗客户')
      const customer = await textOf(page, 'customer-card')
      expect(customer).toContain('林晓雯')
      expect(customer).toContain('C10023')
      expect(customer).toContain('按手机号绑定')
      expect(customer).toContain('由 张伟 绑定')
      expect(await textOf(page, 'bound-status')).toBe('已绑定')
      // 豆豆 (the first pet) has a drug allergy: at the top, in red.
      expect(await textOf(page, 'pet-alert')).toContain('青霉素类药物过敏')
      expect(await textOf(page, 'pet-age')).toBe('4岁6个月')
      expect(await textOf(page, 'vaccines')).toContain('逾期 45 天')
      expect(await textOf(page, 'deworming')).toContain('7 天后到期')
      await expectMobileFriendly(page)
      await screenshot(page, `sidebar-${width}-contact`)

      // The cat: vaccinated yesterday, so a mild fever is expected.
      await page.getByRole('tab', { name: /咪咪/ }).click()
      expect(await textOf(page, 'pet-age')).toBe('2岁3个月')
      const flag = await textOf(page, 'care-flag')
      expect(flag).toContain('近期接种疫苗')
      expect(flag).toContain('持续超过 48 小时请联系医生')
      await expect(
        page.getByTestId('weight-sparkline').locator('circle').count(),
      ).resolves.toBe(7)
      expect(await textOf(page, 'weight')).toContain('4.25 kg')
      await screenshot(page, `sidebar-${width}-contact-cat`)
      await close(page)
    })

    it('shows a group chat: its pet first, and what is wrong with the group', async () => {
      const page = await open('/sidebar/?chat=group:wrDemoGroup001', viewport)

      await page.getByTestId('pet-file').waitFor()
      const group = await textOf(page, 'group-card')
      expect(group).toContain('C10023-咪咪-发烧')
      expect(group).toContain('群里缺少：护士')
      expect(await textOf(page, 'bound-status')).toBe('由群名中的客户编号找到')
      // The group's pet (咪咪) comes first, though the record lists 豆豆 first.
      const tabs = await page
        .getByTestId('pet-switcher')
        .getByRole('tab')
        .allInnerTexts()
      expect(tabs[0]).toContain('咪咪')
      expect(tabs[0]).toContain('本群宠物')
      expect(await textOf(page, 'care-flag')).toContain('近期接种疫苗')
      // A group is not bound by hand: no unbind button.
      await expect(
        page.getByRole('button', { name: '解除绑定' }).count(),
      ).resolves.toBe(0)
      await expectMobileFriendly(page)
      await screenshot(page, `sidebar-${width}-group`)
      await close(page)
    })
  })

  it('explains a group whose name breaks the rule and has no record (375×667)', async () => {
    const page = await open('/sidebar/?chat=group:wrDemoGroup003', PHONE)

    await visible(page, '没有找到与群名对应的医院档案')
    const group = await textOf(page, 'group-card')
    expect(group).toContain('群名不符合「客户编号 + 宠物名 + 主诉」规则')
    expect(group).toContain('群里缺少：医生、护士')
    // Without a record only quick replies and notes are offered.
    const tabs = await page.getByTestId('tabs').getByRole('tab').allInnerTexts()
    expect(tabs.map((tab) => tab.replace(/\s+/g, ''))).toEqual([
      '快捷回复',
      '跟进',
    ])
    await screenshot(page, 'sidebar-375-group-misnamed')
    await close(page)
  })

  it('binds an unbound customer found by phone, then unbinds after a confirm (375×667)', async () => {
    const page = await open('/sidebar/?chat=contact:wmDemoCustomer003', PHONE)

    await page.getByTestId('bind-panel').waitFor()
    expect(await textOf(page, 'bind-panel')).toContain('未绑定医院档案')
    await page.getByTestId('bind-query').fill('139 0000 0001')
    await page.getByRole('button', { name: '查找' }).click()
    await page.getByTestId('bind-results').waitFor()
    const result = await textOf(page, 'bind-results')
    expect(result).toContain('赵敏')
    expect(result).toContain('C10088')
    expect(result).toContain('宠物：豆豆')
    expect(api.requests.map((r) => r.url)).toContain(
      '/api/sidebar/customers?q=13900000001',
    )
    await expectMobileFriendly(page)
    await screenshot(page, 'sidebar-375-unbound-search')

    await page.getByRole('button', { name: '绑定此档案' }).click()
    await page.getByTestId('customer-card').waitFor()
    // Found alone by the phone the customer gave: bound by it, which the
    // server allows for a record of any hospital.
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({
      externalUserId: 'wmDemoCustomer003',
      phone: '13900000001',
    })
    // The bind answers the new view; asking again would audit the opening
    // twice (regression: two identical record_audit rows per bind).
    expect(
      api.requests.filter(
        (r) => r.url === '/api/sidebar/contacts/wmDemoCustomer003',
      ),
    ).toHaveLength(1)
    expect(await textOf(page, 'customer-card')).toContain('按手机号绑定')
    expect(await textOf(page, 'vaccines')).toContain('逾期 40 天')
    expect(await textOf(page, 'pet-age')).toBe('5个月')
    await screenshot(page, 'sidebar-375-bound')

    await page.getByRole('button', { name: '解除绑定' }).click()
    await visible(page, '确定解除绑定吗？')
    await screenshot(page, 'sidebar-375-unbind-confirm')
    await page.getByRole('button', { name: '确定解除' }).click()
    await page.getByTestId('bind-panel').waitFor()
    expect(api.data.bindings.has('wmDemoCustomer003')).toBe(false)
    await close(page)
  })

  it('creates a record for an unbound customer (420×800)', async () => {
    const page = await open('/sidebar/?chat=contact:wmDemoCustomer003', SIDEBAR)

    await page.getByRole('button', { name: '找不到？新建档案' }).click()
    const form = page.getByTestId('bind-create')
    await form.getByLabel('客户姓名').fill('钱多多')
    await form.getByLabel('手机号（可选）').fill('13700001111')
    await screenshot(page, 'sidebar-420-unbound-create')
    await form.getByRole('button', { name: '新建并绑定' }).click()

    await page.getByTestId('customer-card').waitFor()
    expect(await textOf(page, 'customer-card')).toContain('钱多多')
    expect(await textOf(page, 'customer-card')).toContain('新建档案并绑定')
    await visible(page, '档案里还没有宠物')
    const bind = api.requests.find((r) => r.url === '/api/sidebar/bindings')
    expect(bind?.body).toEqual({
      externalUserId: 'wmDemoCustomer003',
      create: { name: '钱多多', phone: '13700001111', hospitalId: 'H101' },
    })
    await close(page)
  })

  it('sends a quick reply through the bridge, filled for the chat (420×800)', async () => {
    const page = await open(
      '/sidebar/?chat=contact:wmDemoCustomer001#/?tab=replies',
      SIDEBAR,
    )

    await page.getByTestId('quick-reply').first().waitFor()
    // The dog is selected: its overdue rabies date fills {{dueDate}}.
    const first = page
      .getByTestId('quick-reply')
      .filter({ hasText: '接种后注意事项' })
    expect(await first.innerText()).toContain('林晓雯您好，豆豆刚接种完疫苗')
    await expectMobileFriendly(page)
    await screenshot(page, 'sidebar-420-quick-replies')

    await first.getByRole('button', { name: '发送' }).click()
    await visible(page, '已发送到聊天（演示）')
    expect(await sent(page)).toEqual([
      {
        msgtype: 'text',
        text: {
          content:
            '林晓雯您好，豆豆刚接种完疫苗，1–2 天内可能有轻微发热、精神稍差，属正常反应，多喝水、多休息就好；如果持续超过 48 小时，请联系徐汇宠物医院。',
        },
      },
    ])
    await screenshot(page, 'sidebar-420-quick-reply-sent')

    // A link goes as a news card.
    await page.getByRole('button', { name: '术后护理' }).click()
    await page
      .getByTestId('quick-reply')
      .getByRole('button', { name: '发送' })
      .click()
    expect((await sent(page))[1]).toEqual({
      msgtype: 'news',
      news: {
        link: 'https://example.com/care/post-surgery',
        title: '术后 14 天护理指南',
        desc: '伤口、饮食、运动，一篇讲清',
        imgUrl: expect.stringContaining('data:image/svg+xml'),
      },
    })

    // An image is uploaded by the server first (slowly here, to see the
    // progress), then sent with the media id it answers.
    api.fail('POST ^/api/sidebar/quick-replies/QR4/media$', {
      delayMs: 1500,
      times: 1,
    })
    await page.getByRole('button', { name: '到院' }).click()
    const image = page.getByTestId('quick-reply')
    await image.getByRole('button', { name: '发送' }).click()
    await image.getByRole('button', { name: '上传中…' }).waitFor()
    await screenshot(page, 'sidebar-420-quick-reply-image-uploading')
    await page.waitForFunction(() => window.__wecomBridge?.sent.length === 3)
    expect((await sent(page))[2]).toEqual({
      msgtype: 'image',
      image: { mediaid: 'fake-media-QR4' },
    })
    expect(
      api.requests.filter((r) => r.url.endsWith('/QR4/media')),
    ).toHaveLength(1)
    await image.getByRole('button', { name: '发送' }).waitFor()
    await screenshot(page, 'sidebar-420-quick-reply-image-sent')

    // When the upload fails nothing is sent, and the link is offered.
    api.fail('POST ^/api/sidebar/quick-replies/QR4/media$', {
      status: 502,
      code: 'WECOM_API_FAILED',
      times: 1,
    })
    await image.getByRole('button', { name: '发送' }).click()
    await visible(page, /^图片发送失败/)
    expect(await sent(page)).toHaveLength(3)
    await close(page)
  })

  it('shows unfilled variables and offers copy instead of send (375×667)', async () => {
    const page = await open(
      '/sidebar/?chat=group:wrDemoGroup003#/?tab=replies',
      PHONE,
    )

    const reply = page
      .getByTestId('quick-reply')
      .filter({ hasText: '疫苗到期提醒' })
    await reply.waitFor()
    expect(await reply.getByTestId('reply-missing').innerText()).toContain(
      '有变量未能填入：客户姓名、宠物名、到期日',
    )
    await expect(reply.locator('mark').count()).resolves.toBe(4)
    await expect(
      reply.getByRole('button', { name: '发送' }).count(),
    ).resolves.toBe(0)
    await reply.getByRole('button', { name: '复制' }).click()
    await visible(page, '已复制，可粘贴到聊天框')
    await expect(
      page.evaluate(() => navigator.clipboard.readText()),
    ).resolves.toContain('{{petName}}')

    await page.getByTestId('reply-search').fill('没有这种话术')
    await visible(page, '没有匹配的快捷回复')
    await screenshot(page, 'sidebar-375-quick-replies-empty')
    await close(page)
  })

  it('pages through the history and opens a visit with its labs (375×667)', async () => {
    const page = await open(
      '/sidebar/?chat=contact:wmDemoCustomer001#/?tab=history',
      PHONE,
    )
    await page
      .getByTestId('pet-switcher')
      .getByRole('tab', { name: /咪咪/ })
      .click()

    await page.getByTestId('visit').first().waitFor()
    await expect(page.getByTestId('visit').count()).resolves.toBe(5)
    const firstVisit = await textOf(page, 'visit')
    expect(firstVisit).toContain('2026-06-04')
    expect(firstVisit).toContain('疫苗接种后一过性发热')
    await screenshot(page, 'sidebar-375-history')

    // The first page overlaps the five shown; the second uses the cursor.
    await page.getByTestId('history-more').click()
    await page.getByTestId('visit').nth(9).waitFor()
    await page.getByTestId('history-more').click()
    await visible(page, '已显示全部就诊记录')
    await expect(page.getByTestId('visit').count()).resolves.toBe(12)
    const ids = api.requests.filter((r) => r.url.includes('/visits?'))
    expect(ids.map((r) => r.url)).toEqual([
      '/api/sidebar/pets/P20031/visits?limit=10',
      expect.stringMatching(/before=/),
    ])

    await page.getByTestId('visit').first().click()
    await page.getByTestId('visit-detail').waitFor()
    expect(page.url()).toContain('#/visits/VIS-C10023-today')
    const detail = await textOf(page, 'visit-detail')
    expect(detail).toContain('昨日接种猫三联')
    expect(detail).toContain('39.3')
    const high = page.getByTestId('lab').filter({ hasText: '体温' })
    expect(await high.innerText()).toContain('偏高')
    await expectMobileFriendly(page)
    await screenshot(page, 'sidebar-375-visit')

    await page.getByRole('button', { name: /返回/ }).click()
    await page.getByTestId('history').waitFor()
    await close(page)
  })

  it('adds a follow-up note with a reminder and marks one done (420×800)', async () => {
    const page = await open(
      '/sidebar/?chat=contact:wmDemoCustomer001#/?tab=notes',
      SIDEBAR,
    )

    await page.getByTestId('note').first().waitFor()
    const notes = await page.getByTestId('note').allInnerTexts()
    expect(notes[0]).toContain('提醒豆豆补打狂犬疫苗')
    expect(notes[0]).toContain('已过提醒日')
    expect(notes[2]).toContain('已完成')

    await page.getByTestId('note-text').fill('周六下午电话回访豆豆')
    await page.getByTestId('note-remind').fill('2026-06-06')
    await page.getByRole('button', { name: '保存' }).click()
    await visible(page, '已添加跟进')
    expect(
      api.requests.find((r) => r.url === '/api/sidebar/notes')?.body,
    ).toEqual({
      externalUserId: 'wmDemoCustomer001',
      petId: 'P20032',
      text: '周六下午电话回访豆豆',
      remindOn: '2026-06-06',
    })
    await expect(page.getByTestId('note').count()).resolves.toBe(4)

    await page
      .getByTestId('note')
      .first()
      .getByRole('button', { name: '完成' })
      .click()
    await page
      .getByTestId('note')
      .last()
      .getByText(/已完成/)
      .waitFor()
    expect(await textOf(page, 'tab-notes')).toBe('跟进 2')
    await expectMobileFriendly(page)
    await screenshot(page, 'sidebar-420-notes')
    await close(page)
  })

  it('shows a skeleton, then an error with a retry that recovers (375×667)', async () => {
    api.fail('GET ^/api/sidebar/contacts/', {
      status: 500,
      delayMs: 800,
      times: 1,
    })
    const page = await open('/sidebar/?chat=contact:wmDemoCustomer001', PHONE)

    await page.getByTestId('record-loading').waitFor()
    await screenshot(page, 'sidebar-375-loading')
    await visible(page, '无法打开客户档案')
    await visible(page, '服务器返回错误（HTTP 500）。')
    await expectMobileFriendly(page)
    await screenshot(page, 'sidebar-375-error')

    await page.getByRole('button', { name: '重试' }).click()
    await page.getByTestId('pet-file').waitFor()
    await close(page)
  })

  it('says so when the customer is not there or not the member’s to see (375×667)', async () => {
    const page = await open('/sidebar/?chat=contact:wmSomeoneElse', PHONE)

    await visible(page, '没有找到这位客户，或你没有权限查看。')
    await screenshot(page, 'sidebar-375-not-found')
    await close(page)
  })

  it('lets anyone pick a demo chat, and keeps it in the URL (420×800)', async () => {
    const page = await open('/sidebar/', SIDEBAR)

    await page.getByTestId('demo-picker').waitFor()
    await expectMobileFriendly(page)
    await screenshot(page, 'sidebar-420-demo-picker')
    await page.getByRole('button', { name: /周先生/ }).click()
    await page.getByTestId('pet-file').waitFor()
    expect(new URL(page.url()).searchParams.get('chat')).toBe(
      'contact:wmDemoCustomer002',
    )
    expect(await textOf(page, 'care-flag')).toContain('术后恢复期')
    expect(await textOf(page, 'pet-alert')).toContain('打针时会咬人')
    await screenshot(page, 'sidebar-420-post-surgery')

    await page.getByRole('button', { name: '切换聊天' }).click()
    await page.getByTestId('demo-picker').waitFor()
    await close(page)
  })

  it('signs in through OAuth and comes back where it was (375×667)', async () => {
    const page = await open(
      '/sidebar/?chat=contact:wmDemoCustomer001#/?tab=notes',
      PHONE,
      {
        signedIn: false,
      },
    )

    // 401 → /api/auth/oauth/start?return=… → the member picker.
    await visible(page, '选择登录的成员')
    const start = api.requests.find((r) =>
      r.url.startsWith('/api/auth/oauth/start'),
    )
    expect(new URL(start!.url, api.baseUrl).searchParams.get('return')).toBe(
      '/sidebar/?chat=contact:wmDemoCustomer001#/?tab=notes',
    )
    await screenshot(page, 'sidebar-375-oauth-picker')

    await page.getByRole('link', { name: /张伟/ }).click()
    await page.getByTestId('notes').waitFor()
    expect(page.url()).toBe(
      `${api.baseUrl}/sidebar/?chat=contact:wmDemoCustomer001#/?tab=notes`,
    )
    expect(await textOf(page, 'member')).toBe('当前成员：张伟')
    await close(page)
  })

  it('stops instead of looping when the sign-in does not take (375×667)', async () => {
    // The callback "works" but the cookie never arrives: every call stays 401.
    const page = await open('/sidebar/?chat=contact:wmDemoCustomer001', PHONE, {
      signedIn: false,
    })
    await visible(page, '选择登录的成员')
    await page.context().route('**/api/auth/oauth/callback**', (route) =>
      route.fulfill({
        status: 302,
        headers: { Location: '/sidebar/?chat=contact:wmDemoCustomer001' },
      }),
    )
    await page.getByRole('link', { name: /张伟/ }).click()

    await visible(page, '登录没有成功')
    await expect(
      page.getByRole('button', { name: '重新登录' }).isVisible(),
    ).resolves.toBe(true)
    await screenshot(page, 'sidebar-375-sign-in-stuck')
    await close(page)
  })

  it('explains how to open it in WeCom when a production server is opened in a browser (375×667)', async () => {
    api.setMode('production')
    const page = await open('/sidebar/', PHONE, { signedIn: false })

    await page.getByTestId('outside').waitFor()
    expect(await textOf(page, 'outside')).toContain('请在企业微信中打开')
    expect(await textOf(page, 'outside')).toContain('聊天工具栏')
    // No trip to WeCom's sign-in from a plain browser.
    expect(
      api.requests.some((r) => r.url.startsWith('/api/auth/oauth/start')),
    ).toBe(false)
    await expectMobileFriendly(page)
    await screenshot(page, 'sidebar-375-outside-production')
    await close(page)
  })

  it('inside WeCom, loads the JS-SDK and signs the page URL without its hash', async () => {
    const page = await open('/sidebar/#/?tab=file', SIDEBAR, {
      userAgent: WECOM_USER_AGENT,
    })

    const sign = await eventually(() =>
      api.requests.find((r) => r.url === '/api/wecom/jssdk-sign'),
    )
    expect(sign.body).toEqual({ url: `${api.baseUrl}/sidebar/`, kind: 'agent' })
    expect(await page.evaluate(() => window.__wecomBridge)).toBeUndefined()
    expect(api.requests.some((r) => r.url === '/api/demo/chats')).toBe(false)
    await close(page)
  })

  it('shows an offline notice while the network is gone (375×667)', async () => {
    const page = await open('/sidebar/?chat=contact:wmDemoCustomer001', PHONE)
    await page.getByTestId('pet-file').waitFor()

    await page.context().setOffline(true)
    await page.getByTestId('offline').waitFor()
    await screenshot(page, 'sidebar-375-offline')
    await page.context().setOffline(false)
    await page.getByTestId('offline').waitFor({ state: 'detached' })
    await close(page)
  })
})
