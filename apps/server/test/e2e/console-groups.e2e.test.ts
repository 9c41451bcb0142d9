/**
 * A customer group's page in a real Chromium against the fake console API
 * (`console-fake-groups.ts`, set up in `console-browser.ts`): opened from
 * every list of groups and back again, its 一客一群 check, members and
 * history paged, out of a store's scope, and at 1280 and 1440 wide, with
 * screenshots in test-artifacts/screenshots/console-*-group*.png.
 */
import type { Page } from 'playwright-core'
import { describeInChromium, screenshot } from './browser'
import { useConsoleBrowser } from './console-browser'
import { BIG_GROUP } from './console-fake-groups'

describeInChromium('a customer group’s page in Chromium', () => {
  const b = useConsoleBrowser()
  const { open, close, textOf, rowsOf, apiCalls, expectNoPageScroll } = b

  /** From the top: scrolled, the sticky header would be drawn mid-page. */
  async function shot(page: Page, name: string): Promise<void> {
    await page.evaluate('window.scrollTo(0, 0)')
    await screenshot(page, name)
  }

  it('opens from 一客一群 with the name checked, the roles, members and history, and goes back', async () => {
    const page = await open('/console/#/groups')
    await page.getByTestId('problem-groups').waitFor()
    await page
      .getByTestId('group-link')
      .filter({ hasText: 'C10023-Moco' })
      .click()
    await page.getByTestId('group-facts').waitFor()
    expect(new URL(page.url()).hash).toBe('#/groups/wrA02')
    expect(await page.locator('h1').innerText()).toBe('C10023-Moco')
    expect(await textOf(page, 'group-facts')).toContain('群主 张伟')
    expect(await textOf(page, 'group-facts')).toContain('上海静安宠物医院')
    expect(await textOf(page, 'group-status')).toBe('正常')

    // The name lacks its complaint; the nurse is missing.
    expect(await textOf(page, 'name-problem')).toBe('缺少主诉')
    expect(await textOf(page, 'group-record')).toContain(
      '群名不符合规则，对应不到客户档案。',
    )
    const roles = await page
      .getByTestId('group-roles')
      .locator('li')
      .allInnerTexts()
    expect(roles).toEqual(['✓ 管家', '✓ 前台', '✓ 医生', '✕ 护士'])

    // The owner first, the corp's members, then customers.
    const members = await rowsOf(page, 'members-table')
    expect(members[0]![0]).toBe('张伟 ZhangWei')
    expect(members[0]![1]).toMatch(/^成员\s*群主$/)
    expect(members[0]![2]).toBe('爱宠管家')
    expect(members.at(-1)![1]).toBe('客户')
    expect(members.at(-1)![3]).toMatch(/^2026-\d\d-\d\d \d\d:\d\d:\d\d$/)
    // 一客一群 is where this page belongs.
    await expect(
      page.getByTestId('menu-groups').getAttribute('class'),
    ).resolves.toContain('active')

    // Newest first: the customer who left unnoticed, the doctor removed.
    const history = await rowsOf(page, 'history-table')
    expect(history.map((r) => r[1])).toEqual(
      expect.arrayContaining(['创建了群聊', '修改了群名', '被移出群聊']),
    )
    expect(history.at(-1)![1]).toBe('创建了群聊')
    const unnoticed = history.find((r) => r[2]!.startsWith('王先生'))!
    expect(unnoticed[1]).toBe('退出群聊')
    expect(unnoticed[3]).toBe('没有收到退群通知，时间为同步时发现的时间')
    const times = history.map((r) => r[0]!)
    expect(times).toEqual([...times].sort().reverse())
    expect(await textOf(page, 'history-total')).toBe(`共 ${history.length} 条`)
    // One page: nothing to page through.
    await expect(page.getByTestId('history-next').count()).resolves.toBe(0)
    await expectNoPageScroll(page)
    await shot(page, 'console-1280-group')

    await page.getByTestId('group-back').click()
    await page.getByTestId('problem-groups').waitFor()
    expect(new URL(page.url()).hash).toBe('#/groups')
    await close(page)
  })

  it('shows a rule-following group’s customer and pet, and pages a group of 186', async () => {
    const named = await open('/console/#/groups/wrA08')
    await named.getByTestId('group-check').waitFor()
    expect(await textOf(named, 'group-check')).toContain(
      '符合「客户编号 + 宠物名 + 主诉」',
    )
    expect(await textOf(named, 'group-check')).toContain(
      '客户编号 C20011 宠物名 球球 主诉 呕吐',
    )
    expect(await textOf(named, 'group-record')).toContain('林晓雯 C20011')
    // From an address, back goes to 一客一群.
    expect(await textOf(named, 'group-back')).toBe('‹ 返回一客一群')
    await close(named)

    const page = await open(`/console/#/groups/${BIG_GROUP}`, {
      viewport: { width: 1440, height: 900 },
    })
    await page.getByTestId('members-table').waitFor()
    expect(await textOf(page, 'group-facts')).toContain('成员 4 · 客户 182')
    // A notice of two lines keeps them.
    expect(await textOf(page, 'group-facts')).toContain('营业时间 9:00–21:00')
    expect(await rowsOf(page, 'members-table')).toHaveLength(100)
    await page.getByRole('button', { name: '显示更多' }).click()
    expect(await rowsOf(page, 'members-table')).toHaveLength(186)
    await page.getByTestId('members-customer').click()
    expect(await rowsOf(page, 'members-table')).toHaveLength(100)
    expect(
      (await rowsOf(page, 'members-table')).every((r) => r[1] === '客户'),
    ).toBe(true)

    // 186 joined, created, renamed, a notice, two left: 191 on 4 pages.
    expect(await textOf(page, 'history-page')).toBe('第 1 / 4 页')
    expect(await textOf(page, 'history-total')).toBe('共 191 条')
    const first = await rowsOf(page, 'history-table')
    expect(first).toHaveLength(50)
    await expect(page.getByTestId('history-prev').isDisabled()).resolves.toBe(
      true,
    )
    await page.getByTestId('history-next').click()
    await page.getByTestId('history-page').getByText('第 2 / 4 页').waitFor()
    expect(apiCalls(`/api/console/groups/${BIG_GROUP}/history`)).toEqual([
      `/api/console/groups/${BIG_GROUP}/history?page=2&pageSize=50`,
    ])
    const second = await rowsOf(page, 'history-table')
    expect(second[0]![0]! <= first.at(-1)![0]!).toBe(true)
    await page.getByTestId('history-next').click()
    await page.getByTestId('history-next').click()
    await page.getByTestId('history-page').getByText('第 4 / 4 页').waitFor()
    expect(await rowsOf(page, 'history-table')).toHaveLength(41)
    expect((await rowsOf(page, 'history-table')).at(-1)![1]).toBe('创建了群聊')
    await expect(page.getByTestId('history-next').isDisabled()).resolves.toBe(
      true,
    )
    await expectNoPageScroll(page)
    await shot(page, 'console-1440-group-big')
    await close(page)
  })

  it('opens from the quiet groups and from a callback, and goes back to each', async () => {
    const page = await open('/console/#/quiet-groups')
    await page.getByTestId('quiet-groups').waitFor()
    await page.getByTestId('quiet-wrQ03').getByTestId('group-link').click()
    await page.getByTestId('group-facts').waitFor()
    expect(new URL(page.url()).hash).toBe('#/groups/wrQ03')
    expect(await textOf(page, 'group-back')).toBe('‹ 返回沉默群')
    await page.getByTestId('group-back').click()
    await page.getByTestId('quiet-groups').waitFor()
    expect(new URL(page.url()).hash).toBe('#/quiet-groups')
    await close(page)

    const log = await open('/console/#/events')
    await log.getByTestId('events').waitFor()
    const link = log.getByTestId('event-group-link').first()
    const chatId = await link.innerText()
    await link.click()
    // The fake has no group behind its callbacks' chat ids.
    await log.getByTestId('group-missing').waitFor()
    expect(new URL(log.url()).hash).toBe(`#/groups/${chatId}`)
    expect(await textOf(log, 'group-back')).toBe('‹ 返回回调日志')
    await log.getByTestId('group-back').click()
    await log.getByTestId('events').waitFor()
    await close(log)
  })

  // 朱洋 (华东), sent away from #/events, was offered ‹ 返回回调日志.
  it('never leads a region admin back to a page they may not open', async () => {
    const page = await open('/console/#/events', { as: 'LiNa' })
    await page.getByTestId('week-net').waitFor()
    expect(new URL(page.url()).hash).toBe('#/')
    await page.goto(`${b.api.baseUrl}/console/#/events`)
    await page.getByTestId('week-net').waitFor()
    await page.goto(`${b.api.baseUrl}/console/#/groups/wrA01`)
    await page.getByTestId('group-facts').waitFor()
    expect(await textOf(page, 'group-back')).toBe('‹ 返回一客一群')
    await page.getByTestId('group-back').click()
    await page.getByTestId('problem-groups').waitFor()
    expect(new URL(page.url()).hash).toBe('#/groups')
    await close(page)
  })

  it('shows a store manager their hospital’s groups, and another’s as not found', async () => {
    const page = await open('/console/#/groups/wrA08', { as: 'WangQiang' })
    await page.getByTestId('group-missing').waitFor()
    expect(await textOf(page, 'group-missing')).toContain('找不到这个客户群')
    await shot(page, 'console-1280-group-missing')
    // Their own, at 1280 and 1440.
    for (const width of [1280, 1440]) {
      const own = await open('/console/#/groups/wrA01', {
        as: 'WangQiang',
        viewport: { width, height: 900 },
      })
      await own.getByTestId('history-table').waitFor()
      expect(await own.locator('h1').innerText()).toBe('豆豆妈的群')
      await expectNoPageScroll(own)
      await shot(own, `console-${width}-group-store`)
      await close(own)
    }
    await close(page)
  })

  it('says when the group could not be loaded, and loads it on retry', async () => {
    b.api.fail('GET /api/console/groups/wrA02$', { status: 500, times: 1 })
    const page = await open('/console/#/groups/wrA02')
    await page.getByTestId('error').waitFor()
    expect(await textOf(page, 'error')).toContain('无法加载客户群')
    await page.getByRole('button', { name: '重试' }).click()
    await page.getByTestId('group-facts').waitFor()
    await close(page)
  })
})
