/**
 * The console's round-2 pages in a real Chromium against the fake console
 * API (set up in `console-browser.ts`): the quick-reply library, quiet
 * groups and their wake-up campaign, follow-ups, lost customers, customer
 * moments and the vaccine protocol, each as head office, a region admin
 * and a store manager where they differ, with a screenshot of each in
 * test-artifacts/screenshots/console-*.png.
 */
import type { Page } from 'playwright-core'
import { describeInChromium, screenshot } from './browser'
import { useConsoleBrowser } from './console-browser'

describeInChromium('the console’s operations pages in Chromium', () => {
  const b = useConsoleBrowser()
  const { open, close, textOf, rowsOf } = b

  /**
   * A full-page screenshot from the top: scrolled, Chromium draws the
   * sticky header and menu where the viewport was, over the content.
   */
  async function shot(page: Page, name: string): Promise<void> {
    await page.evaluate('window.scrollTo(0, 0)')
    await screenshot(page, name)
  }

  const bodies = (method: string, path: string) =>
    b.api.requests
      .filter((r) => r.method === method && r.url.startsWith(path))
      .map((r) => r.body)

  // ------------------------------------------------------- quick replies

  describe('quick-reply library', () => {
    it('lists replies by category with scope and usage, and creates one with a live preview', async () => {
      const page = await open('/console/#/quick-replies')
      await page.getByTestId('replies').waitFor()
      const rows = await rowsOf(page, 'replies')
      expect(rows).toHaveLength(7)
      expect(rows[0]).toEqual([
        expect.stringContaining('疫苗到期提醒'),
        '疫苗提醒',
        '总部',
        '86',
        '2026-11-20',
        '编辑删除',
      ])
      expect(rows.find((r) => r[0]!.includes('华东冬季洗护'))?.[2]).toBe(
        '大区 · 华东大区',
      )
      // A member's own reply is theirs: read only here.
      expect(rows.find((r) => r[0]!.includes('术后问候'))?.slice(2)).toEqual([
        '个人 · 张伟',
        '17',
        '2026-11-20',
        '只读',
      ])

      await page.getByTestId('category-活动').click()
      expect(
        await page.getByTestId('replies').locator('tbody tr').count(),
      ).toBe(3)

      await page.getByTestId('reply-create').click()
      const editor = page.getByTestId('reply-editor')
      // The category being looked at is the new one's.
      await expect(
        page.getByTestId('reply-category').inputValue(),
      ).resolves.toBe('活动')
      // Nothing is red before a save is tried; then the missing is said.
      await page.getByTestId('reply-save').click()
      expect(await editor.getByText('必填').count()).toBe(2)

      await page.getByTestId('reply-title').fill('冬季体检')
      await page.getByTestId('reply-content').fill('{{customerName}}您好，')
      await page.getByTestId('insert-petName').click()
      await page.getByTestId('reply-content').press('End')
      await page
        .getByTestId('reply-content')
        .pressSequentially('可以来做冬季体检了 {{petAge}}')
      expect(await textOf(page, 'preview-text')).toBe(
        '林晓雯您好，咪咪可以来做冬季体检了 {{petAge}}',
      )
      expect(await textOf(page, 'preview-unknown')).toBe('{{petAge}}')
      expect(await textOf(page, 'preview-warning')).toContain('{{petAge}}')
      await shot(page, 'console-1280-quick-reply-editor')

      await page
        .getByTestId('reply-content')
        .fill('{{customerName}}您好，{{petName}}可以来{{hospital}}做冬季体检了')
      expect(await page.getByTestId('preview-warning').count()).toBe(0)
      await page.getByTestId('reply-save').click()
      await page.getByTestId('toast').getByText('已新建「冬季体检」').waitFor()
      expect(bodies('POST', '/api/console/quick-replies')).toEqual([
        {
          scope: 'head_office',
          category: '活动',
          title: '冬季体检',
          kind: 'text',
          content:
            '{{customerName}}您好，{{petName}}可以来{{hospital}}做冬季体检了',
        },
      ])
      await page
        .getByTestId('replies')
        .getByText('冬季体检', { exact: true })
        .waitFor()
      await shot(page, 'console-1280-quick-replies')
      await close(page)
    })

    it('edits a reply into a link card, asking for its four fields', async () => {
      const page = await open('/console/#/quick-replies')
      await page
        .getByTestId('reply-qr-deworm')
        .getByTestId('reply-edit')
        .click()
      await expect(page.getByTestId('reply-title').inputValue()).resolves.toBe(
        '驱虫提醒',
      )
      await page.getByTestId('reply-kind-link').click()
      await page.getByTestId('reply-url').fill('ftp://care.example.com/a')
      await page.getByTestId('reply-save').click()
      await page.getByText('请填写 http:// 或 https:// 开头的地址').waitFor()
      expect(bodies('PUT', '/api/console/quick-replies')).toEqual([])

      await page
        .getByTestId('reply-url')
        .fill('https://care.example.com/deworm')
      await page.getByTestId('reply-linkTitle').fill('驱虫指南')
      await page.getByTestId('reply-desc').fill('体内外驱虫怎么安排')
      await page
        .getByTestId('reply-imgUrl')
        .fill('https://care.example.com/deworm.png')
      await page.getByTestId('preview-link').getByText('驱虫指南').waitFor()
      await page.getByTestId('reply-save').click()
      await page.getByTestId('toast').getByText('已保存「驱虫提醒」').waitFor()
      expect(bodies('PUT', '/api/console/quick-replies/qr-deworm')).toEqual([
        expect.objectContaining({
          kind: 'link',
          link: {
            url: 'https://care.example.com/deworm',
            title: '驱虫指南',
            desc: '体内外驱虫怎么安排',
            imgUrl: 'https://care.example.com/deworm.png',
          },
        }),
      ])
      await close(page)
    })

    it('edits an image reply’s picture by URL, and creates one with a preview of the picture', async () => {
      const page = await open('/console/#/quick-replies')
      await page.getByTestId('reply-qr-map').getByTestId('reply-edit').click()
      await expect(
        page.getByTestId('reply-imageUrl').inputValue(),
      ).resolves.toBe('/sidebar/quick-replies/vaccine-schedule.png')
      // The picture this server serves, loaded in the preview.
      await page.waitForFunction(() => {
        const img = document.querySelector('[data-testid="preview-image"]')
        return img instanceof HTMLImageElement && img.naturalWidth > 0
      })
      // The caption stays in the library: no variables to insert.
      await expect(page.getByTestId('insert-petName').count()).resolves.toBe(0)
      await shot(page, 'console-1280-quick-reply-image')

      await page.getByTestId('reply-imageUrl').fill('parking.png')
      await page.getByTestId('reply-save').click()
      await page
        .getByText('请填写 http(s):// 开头的地址，或本服务器上以 / 开头的路径')
        .waitFor()
      expect(bodies('PUT', '/api/console/quick-replies')).toEqual([])
      await page
        .getByTestId('reply-imageUrl')
        .fill('https://care.example.com/parking.png')
      await page.getByTestId('reply-save').click()
      await page
        .getByTestId('toast')
        .getByText('已保存「停车示意图」')
        .waitFor()
      expect(bodies('PUT', '/api/console/quick-replies/qr-map')).toEqual([
        {
          scope: 'head_office',
          category: '到院指引',
          title: '停车示意图',
          kind: 'image',
          content: '到院停车示意图',
          imageUrl: 'https://care.example.com/parking.png',
        },
      ])

      // A new text reply made an image one: it asks for the picture.
      await page.getByTestId('reply-create').click()
      await page.getByTestId('reply-category').fill('疫苗提醒')
      await page.getByTestId('reply-title').fill('疫苗接种时间表')
      await page.getByTestId('reply-kind-image').click()
      await page.getByTestId('reply-content').fill('幼犬幼猫的接种安排')
      await page.getByTestId('reply-save').click()
      await page.getByText('必填').first().waitFor()
      await page
        .getByTestId('reply-imageUrl')
        .fill('/sidebar/quick-replies/vaccine-schedule.png')
      await page.getByTestId('reply-save').click()
      await page
        .getByTestId('toast')
        .getByText('已新建「疫苗接种时间表」')
        .waitFor()
      expect(bodies('POST', '/api/console/quick-replies').at(-1)).toMatchObject(
        {
          kind: 'image',
          imageUrl: '/sidebar/quick-replies/vaccine-schedule.png',
        },
      )
      const row = await page
        .getByTestId('replies')
        .locator('tr', { hasText: '疫苗接种时间表' })
        .innerText()
      expect(row).toContain('图片')
      await close(page)
    })

    it('lets a region admin write only for their region, and says why a save failed', async () => {
      const page = await open('/console/#/quick-replies', { as: 'LiNa' })
      await page.getByTestId('replies').waitFor()
      const rows = await rowsOf(page, 'replies')
      expect(rows.some((r) => r[0]!.includes('华南驱蚊季'))).toBe(false)
      // Head office's replies are hers to read, her region's to edit.
      expect(
        await page
          .getByTestId('reply-qr-vaccine')
          .getByTestId('reply-edit')
          .count(),
      ).toBe(0)
      expect(
        await page
          .getByTestId('reply-qr-east')
          .getByTestId('reply-edit')
          .count(),
      ).toBe(1)

      await page.getByTestId('reply-create').click()
      expect(await page.getByTestId('reply-scope').isDisabled()).toBe(true)
      await expect(page.getByTestId('reply-region').inputValue()).resolves.toBe(
        'R-EAST',
      )
      await page.getByTestId('reply-category').fill('活动')
      await page.getByTestId('reply-title').fill('华东会员日')
      await page.getByTestId('reply-content').fill('本周六会员日，全场九折')
      b.api.fail('POST /api/console/quick-replies$', {
        status: 403,
        code: 'NOT_IN_SCOPE',
        times: 1,
      })
      await page.getByTestId('reply-save').click()
      expect(await textOf(page, 'reply-failure')).toBe(
        '保存失败：你没有权限做这项操作。',
      )
      await page.getByTestId('reply-save').click()
      await page
        .getByTestId('toast')
        .getByText('已新建「华东会员日」')
        .waitFor()
      expect(bodies('POST', '/api/console/quick-replies').at(-1)).toMatchObject(
        { scope: 'region', regionId: 'R-EAST' },
      )
      await close(page)
    })

    it('shows a store manager the library read only', async () => {
      const page = await open('/console/#/quick-replies', { as: 'WangQiang' })
      await page.getByTestId('replies').waitFor()
      expect(await page.getByTestId('reply-create').count()).toBe(0)
      expect(await page.getByTestId('reply-edit').count()).toBe(0)
      await page.getByTestId('read-only-note').waitFor()
      await close(page)
    })

    it('deletes a reply after confirming', async () => {
      const page = await open('/console/#/quick-replies')
      await page
        .getByTestId('reply-qr-south')
        .getByTestId('reply-delete')
        .click()
      await page
        .getByTestId('confirm-dialog')
        .getByText('「华南驱蚊季」')
        .waitFor()
      await page
        .getByTestId('confirm-dialog')
        .getByRole('button', { name: '删除' })
        .click()
      await page
        .getByTestId('toast')
        .getByText('已删除「华南驱蚊季」')
        .waitFor()
      await page.getByTestId('reply-qr-south').waitFor({ state: 'detached' })
      expect(b.api.content.replies.some((r) => r.id === 'qr-south')).toBe(false)
      await close(page)
    })
  })

  // -------------------------------------------------------- quiet groups

  describe('quiet groups', () => {
    it('wakes the picked groups after confirming, and shows each owner’s task', async () => {
      const page = await open('/console/#/quiet-groups')
      await page.getByTestId('quiet-groups').waitFor()
      expect(await textOf(page, 'quiet-count')).toBe(
        '10 个群超过 90 天没有动静',
      )
      const rows = await rowsOf(page, 'quiet-groups')
      expect(rows[0]!.slice(1)).toEqual([
        'C10031-豆豆-皮肤病 wrQ01',
        '张伟',
        '上海静安宠物医院',
        '2026-07-02',
        '2',
      ])
      expect(rows.find((r) => r[1]!.includes('wrQ04'))?.[4]).toBe('无记录')
      // No owner, nobody to send it: it cannot be picked.
      const orphan = page.getByTestId('quiet-wrQ08').locator('input')
      expect(await orphan.isDisabled()).toBe(true)
      expect(await page.getByTestId('wake-send').isDisabled()).toBe(true)

      await page.getByTestId('select-all').check()
      expect(await textOf(page, 'wake-selected')).toBe(
        '已选 9 个群，涉及 7 位群主',
      )
      await page.getByTestId('quiet-wrQ10').locator('input').uncheck()
      expect(await textOf(page, 'wake-selected')).toBe(
        '已选 8 个群，涉及 6 位群主',
      )
      expect(
        await page
          .getByTestId('select-all')
          .evaluate((el) => (el as HTMLInputElement).indeterminate),
      ).toBe(true)
      await expect(page.getByTestId('wake-text').inputValue()).resolves.toBe(
        '好久不见！送您一次免费基础体检，回复"预约"即可安排',
      )

      await page.getByTestId('wake-send').click()
      const dialog = page.getByTestId('confirm-dialog')
      expect(await dialog.innerText()).toContain(
        '将为 6 位群主各创建一条群发任务，共 8 个群。每位群主需要在企业微信中确认后，消息才会发到群里。',
      )
      await shot(page, 'console-1280-quiet-groups-confirm')
      await dialog.getByRole('button', { name: '创建群发任务' }).click()

      await page.getByTestId('task-results').waitFor()
      expect(await textOf(page, 'task-summary')).toBe('已创建 5 条，1 条失败')
      const tasks = await rowsOf(page, 'task-results')
      expect(tasks.find((r) => r[0] === '杨磊')?.[2]).toBe(
        '创建失败 WeCom 41063: sender is not a valid member',
      )
      expect(tasks.find((r) => r[0] === '周杰')?.[1]).toBe(
        '2 个群 1 个对象未能加入任务：C10233-汤圆-洗牙',
      )
      const [sent] = bodies('POST', '/api/console/groups/wake') as {
        chatIds: string[]
        text: string
      }[]
      expect(sent!.chatIds.sort()).toEqual([
        'wrQ01',
        'wrQ02',
        'wrQ03',
        'wrQ04',
        'wrQ05',
        'wrQ06',
        'wrQ07',
        'wrQ09',
      ])
      expect(sent!.text).toBe(
        '好久不见！送您一次免费基础体检，回复"预约"即可安排',
      )

      // The woken groups are not quiet any more; the history has the tasks.
      await page.getByText('2 个群超过 90 天没有动静').waitFor()
      await page
        .getByTestId('mass-history-table')
        .getByText('好久不见', { exact: false })
        .first()
        .waitFor()
      const history = await rowsOf(page, 'mass-history-table')
      expect(history).toHaveLength(7)
      // Who created each, by name: the local admin too (not local:admin).
      expect(history.at(-1)!.at(-1)).toBe('系统管理员')
      expect(history[0]!.at(-1)).toBe('周敏')
      await shot(page, 'console-1280-quiet-groups-woken')
      await close(page)
    })

    it('takes 7 to 730 days, and has presets', async () => {
      const page = await open('/console/#/quiet-groups')
      await page.getByTestId('quiet-groups').waitFor()
      await page.getByTestId('quiet-days').fill('5')
      await page.getByText('请输入 7 到 730 之间的整数').waitFor()
      await page.getByRole('button', { name: '180 天' }).click()
      await page.getByText('5 个群超过 180 天没有动静').waitFor()
      expect(b.apiCalls('/api/console/groups/quiet')).toEqual([
        '/api/console/groups/quiet?days=90',
        '/api/console/groups/quiet?days=180',
      ])
      await expect(page.getByTestId('quiet-days').inputValue()).resolves.toBe(
        '180',
      )
      await page.getByTestId('quiet-hospital').selectOption('H-SH-XH')
      expect(
        (await rowsOf(page, 'quiet-groups')).map((r) => r[1]!.split(' ')[0]),
      ).toEqual(['C10140-咪咪-体检', 'C10166-大黄-腹泻'])
      await page.getByTestId('quiet-search').fill('大黄')
      expect(await rowsOf(page, 'quiet-groups')).toHaveLength(1)
      // The count follows the filters: it said 5 over one row.
      expect(await textOf(page, 'quiet-count')).toBe(
        '筛选出 1 个群（共 5 个群超过 180 天没有动静）',
      )
      // "Select all" takes the groups that match, not the hidden ones.
      await page.getByTestId('select-all').check()
      expect(await textOf(page, 'wake-selected')).toBe(
        '已选 1 个群，涉及 1 位群主',
      )
      await shot(page, 'console-1280-quiet-groups-filtered')
      // A pick the filters now hide is said, as a send still takes it.
      await page.getByTestId('quiet-search').fill('咪咪')
      expect(await textOf(page, 'wake-hidden')).toBe(
        '其中 1 个不在当前筛选结果里，发送时也会包含。',
      )
      await page.getByTestId('quiet-search').fill('')
      await page.getByTestId('quiet-hospital').selectOption({ index: 0 })
      expect(await textOf(page, 'quiet-count')).toBe(
        '5 个群超过 180 天没有动静',
      )
      await expect(page.getByTestId('wake-hidden').count()).resolves.toBe(0)
      await close(page)
    })

    it('shows a store manager their hospital’s groups, and says plainly when WeCom is not set up', async () => {
      const page = await open('/console/#/quiet-groups', { as: 'WangQiang' })
      await page.getByTestId('quiet-groups').waitFor()
      expect(await textOf(page, 'quiet-count')).toBe('3 个群超过 90 天没有动静')
      b.api.fail('POST /api/console/groups/wake', {
        status: 503,
        code: 'WECOM_UNAVAILABLE',
      })
      await page.getByTestId('quiet-wrQ01').locator('input').check()
      await page.getByTestId('wake-send').click()
      await page
        .getByTestId('confirm-dialog')
        .getByRole('button', { name: '创建群发任务' })
        .click()
      expect(await textOf(page, 'toast')).toContain(
        '创建失败：服务器没有配置企业微信应用密钥（WECOM_SECRET）',
      )
      expect(await page.getByTestId('task-results').count()).toBe(0)
      // Nothing was sent, so the pick is kept for another try.
      expect(await textOf(page, 'wake-selected')).toBe(
        '已选 1 个群，涉及 1 位群主',
      )
      await close(page)
    })
  })

  // ----------------------------------------------------------- follow-ups

  describe('follow-ups', () => {
    it('picks a member’s customers due and in care, and sends each only their own pets’ articles, one task per article', async () => {
      const page = await open('/console/#/follow-ups')
      await page.getByTestId('due').waitFor()
      expect(await textOf(page, 'member-ZhangWei')).toBe(
        '张伟 上海静安宠物医院 回访 3 · 关怀 3',
      )
      expect(await rowsOf(page, 'due')).toEqual([
        ['', '林晓雯 C10031', '2026-10-20', '豆豆'],
        ['', '赵先生 C10057', '2026-10-28', '花花、小黑'],
        ['', '钱女士 C10077', '2026-11-06', '—'],
      ])
      expect((await rowsOf(page, 'care'))[0]).toEqual([
        '',
        '林晓雯 C10031',
        '豆豆',
        '术后',
        '2026-11-25',
        '术后居家护理：伤口、饮食与活动',
      ])

      await page.getByTestId('due-all').check()
      // 林晓雯 is due and in care: ticked in both, counted once.
      expect(
        await page
          .getByTestId('care')
          .locator('tbody input')
          .first()
          .isChecked(),
      ).toBe(true)
      expect(await textOf(page, 'follow-up-selected')).toBe('已选 3 位客户')
      await page
        .getByTestId('care')
        .getByRole('checkbox', { name: '选择孙阿姨' })
        .check()
      expect(await textOf(page, 'member-ZhangWei')).toContain('张伟 4')
      // Routine check-ups and a dog after surgery picked together used to
      // share the surgery article: now each gets their own, or none.
      const plan = async () =>
        page.getByTestId('follow-up-plan').locator('li').allInnerTexts()
      expect(await plan()).toEqual([
        '1 位客户，附「术后居家护理：伤口、饮食与活动」',
        '2 位客户，只发文字',
        '1 位客户，附「慢病宠物的营养管理与日常观察」',
      ])
      await page.getByTestId('follow-up-articles').uncheck()
      expect(await plan()).toEqual(['4 位客户，只发文字'])
      await page.getByTestId('follow-up-articles').check()
      await page.getByTestId('follow-up-send').click()
      const dialog = page.getByTestId('confirm-dialog')
      expect(await dialog.innerText()).toContain(
        '一条群发只能发同一份内容，所以将为张伟创建 3 条群发任务，共 4 位客户：1 位客户，附「术后居家护理：伤口、饮食与活动」；2 位客户，只发文字；1 位客户，附「慢病宠物的营养管理与日常观察」。张伟需要在企业微信中逐条确认后，消息才会发出。',
      )
      await shot(page, 'console-1280-follow-ups-confirm')
      await dialog.getByRole('button', { name: '创建群发任务' }).click()

      await page.getByTestId('task-results').waitFor()
      expect(await rowsOf(page, 'task-results')).toEqual([
        [
          '张伟',
          '1 位客户 附「术后居家护理：伤口、饮食与活动」',
          '已创建，待成员确认',
          'msgFake0001',
        ],
        ['张伟', '2 位客户', '已创建，待成员确认', 'msgFake0002'],
        [
          '张伟',
          '1 位客户 附「慢病宠物的营养管理与日常观察」',
          '已创建，待成员确认',
          'msgFake0003',
        ],
      ])
      const [sent] = bodies('POST', '/api/console/follow-ups/send') as {
        externalUserIds: string[]
      }[]
      expect(sent).toEqual({
        userId: 'ZhangWei',
        externalUserIds: ['wmC10031', 'wmC10057', 'wmC10077', 'wmC10090'],
        text: '您好！距离上次就诊已经有一段时间了，毛孩子最近还好吗？如有任何不适，直接回复这条消息就能找到我。',
        withArticles: true,
      })
      expect(await textOf(page, 'follow-up-selected')).toBe('已选 0 位客户')
      await page
        .getByTestId('mass-history-table')
        .getByText('张伟')
        .first()
        .waitFor()
      await shot(page, 'console-1280-follow-ups')
      await close(page)
    })

    it('narrows the visit window, and keeps each member’s picks apart', async () => {
      const page = await open('/console/#/follow-ups')
      await page.getByTestId('due').waitFor()
      await page.getByTestId('due').locator('tbody input').first().check()
      await page.getByTestId('member-ChenJing').click()
      expect(await rowsOf(page, 'due')).toHaveLength(2)
      expect(await textOf(page, 'follow-up-selected')).toBe('已选 0 位客户')
      await page.getByTestId('member-ZhangWei').click()
      expect(await textOf(page, 'follow-up-selected')).toBe('已选 1 位客户')

      await page.getByTestId('from-days').fill('61')
      await page.getByText('请输入 1–365 的整数，起始不大于结束').waitFor()
      await page.getByTestId('from-days').fill('40')
      await page.getByRole('button', { name: '查询' }).click()
      await page.getByTestId('member-ZhangWei').getByText('回访 2').waitFor()
      expect(b.apiCalls('/api/console/follow-ups')).toEqual([
        '/api/console/follow-ups?fromDays=30&toDays=60',
        '/api/console/follow-ups?fromDays=40&toDays=60',
      ])
      await close(page)
    })

    it('shows a store manager their hospital’s members, and says when a customer moved on', async () => {
      const page = await open('/console/#/follow-ups', { as: 'WangQiang' })
      await page.getByTestId('due').waitFor()
      expect(
        await page.getByTestId('members').locator('button').allInnerTexts(),
      ).toEqual([
        expect.stringContaining('张伟'),
        expect.stringContaining('王芳'),
      ])
      b.api.fail('POST /api/console/follow-ups/send', {
        status: 404,
        code: 'NOT_FOUND',
        times: 1,
      })
      await page.getByTestId('due-all').check()
      await page.getByTestId('follow-up-send').click()
      await page
        .getByTestId('confirm-dialog')
        .getByRole('button', { name: '创建群发任务' })
        .click()
      expect(await textOf(page, 'toast')).toContain(
        '部分客户已不再由这位成员跟进，列表已刷新。',
      )
      await close(page)
    })
  })

  // --------------------------------------------------------- lost customers

  describe('lost customers', () => {
    it('puts the alerts first, then who removed whom by hospital and member, and the latest', async () => {
      const page = await open('/console/#/lost')
      await page.getByTestId('lost-alerts').waitFor()
      expect(b.apiCalls('/api/console/lost')).toEqual([
        '/api/console/lost?from=2026-11-10&to=2026-12-09&threshold=5',
      ])
      expect(await textOf(page, 'lost-alerts')).toContain(
        '成员单日删除客户超过 5 位',
      )
      expect(await page.getByTestId('lost-alert').allInnerTexts()).toEqual([
        '张伟 在 2026-12-03 删除了 7 位客户',
        '马超 在 2026-11-20 删除了 6 位客户',
      ])
      const members = await rowsOf(page, 'lost-members')
      expect(members.find((r) => r[0]!.startsWith('张伟'))?.[0]).toBe(
        '张伟 1 天超阈值',
      )
      const hospitals = await rowsOf(page, 'lost-hospitals')
      const sum = (rows: string[][], col: number) =>
        rows.reduce((n, r) => n + Number(r[col]), 0)
      // The hospitals add up to the members, and to the cards.
      expect(sum(hospitals, 1)).toBe(sum(members, 2))
      // Members in no hospital are one row, last, saying who they are.
      expect(hospitals.at(-1)![0]).toMatch(
        /^未归属门店的成员 \? 不属于任何门店/,
      )
      expect(
        await page.getByTestId('lost-unplaced').getAttribute('title'),
      ).toContain('如总部人员')
      expect(members.find((r) => r[0] === '周敏')?.[1]).toBe('未归属门店')
      expect(await textOf(page, 'lost-by-member')).toBe(
        `成员删除 ${sum(members, 2)}`,
      )
      const recent = await rowsOf(page, 'lost-recent')
      expect(recent[0]![0]).toMatch(/^2026-12-0\d \d\d:\d\d:\d\d$/)
      expect(recent.some((r) => r[3] === '成员删除')).toBe(true)
      await shot(page, 'console-1280-lost')

      await page.getByTestId('lost-threshold').fill('7')
      await page.getByRole('button', { name: '查询' }).click()
      await page.getByTestId('lost-no-alerts').waitFor()
      expect(await textOf(page, 'lost-no-alerts')).toBe(
        '✓ 没有成员单日删除超过 7 位客户。',
      )

      await page.getByTestId('lost-to').fill('2026-11-01')
      expect(await textOf(page, 'lost-problem')).toBe(
        '结束日期不能早于开始日期',
      )
      await page.getByTestId('lost-to').fill('2026-12-09')
      await page.getByTestId('lost-threshold').fill('0')
      expect(await textOf(page, 'lost-problem')).toBe(
        '请输入 1 到 1000 之间的整数',
      )
      await close(page)
    })

    it('shows a store manager their own hospital only', async () => {
      const page = await open('/console/#/lost', { as: 'WangQiang' })
      await page.getByTestId('lost-hospitals').waitFor()
      expect((await rowsOf(page, 'lost-hospitals')).map((r) => r[0])).toEqual([
        '上海静安宠物医院',
      ])
      expect(await page.getByTestId('lost-alert').allInnerTexts()).toEqual([
        '张伟 在 2026-12-03 删除了 7 位客户',
      ])
      await close(page)
    })
  })

  // ------------------------------------------------------------- moments

  describe('customer moments', () => {
    const cell = (page: Page, owner: string, day: string) =>
      page.getByTestId(`cell-${owner}-${day}`)

    it('plans a post in a free slot, publishes it today and sees it published', async () => {
      const page = await open('/console/#/moments')
      await page.getByTestId('moment-calendar').waitFor()
      // Head office, then the four regions; Monday to Sunday of W50.
      const rows = await rowsOf(page, 'moment-calendar')
      expect(rows.map((r) => r[0])).toEqual([
        '总部',
        '华东大区',
        '华南大区',
        '华北大区',
        '西南大区',
      ])
      expect(await textOf(page, 'day-2026-12-09')).toBe('周三 12月9日 今天')
      // Today head office has one of two slots used; the other is free.
      const today = cell(page, 'head_office', '2026-12-09')
      expect(await today.getByTestId('quota').innerText()).toBe('1/2')
      expect(await today.getByTestId('moment-status').innerText()).toBe(
        '待发布',
      )
      // Days gone by offer nothing; a full day says so.
      expect(
        await cell(page, 'head_office', '2026-12-08')
          .getByTestId('moment-plan')
          .count(),
      ).toBe(0)
      expect(await textOf(page, 'cell-R-EAST-2026-12-10')).toContain('1/1')
      expect(await textOf(page, 'cell-R-NORTH-2026-12-09')).toContain(
        '发布失败',
      )
      await shot(page, 'console-1280-moments')

      await today.getByTestId('moment-plan').click()
      await page.getByTestId('moment-save').click()
      expect(
        await page.getByTestId('moment-editor').getByText('必填').count(),
      ).toBe(1)
      await page.getByTestId('moment-text').fill('冬天记得给狗狗穿衣服，')
      await page.getByTestId('moment-link-title').fill('冬季护理')
      await page.getByTestId('moment-save').click()
      expect(
        await page
          .getByTestId('moment-editor')
          .getByText('链接标题和地址要一起填')
          .count(),
      ).toBe(1)
      await page
        .getByTestId('moment-link-url')
        .fill('https://care.example.com/winter')
      await page.getByTestId('moment-save').click()
      await page
        .getByTestId('toast')
        .getByText('已安排 12月9日 的朋友圈')
        .waitFor()
      expect(bodies('POST', '/api/console/moments')).toEqual([
        {
          day: '2026-12-09',
          owner: 'head_office',
          text: '冬天记得给狗狗穿衣服，',
          link: { title: '冬季护理', url: 'https://care.example.com/winter' },
        },
      ])
      await page.getByTestId('moment-detail').waitFor()
      expect(await today.getByTestId('quota').innerText()).toBe('2/2')

      await page.getByTestId('moment-publish').click()
      await page.getByTestId('toast').getByText('已发布到企业微信').waitFor()
      expect(await textOf(page, 'moment-detail-status')).toBe('发布中')
      // With WeCom now: no editing, no deleting, only asking how it stands.
      expect(await page.getByTestId('moment-edit').count()).toBe(0)
      await page.getByTestId('moment-refresh').click()
      await page.getByTestId('toast').getByText('当前状态：已发布').waitFor()
      expect(await textOf(page, 'moment-detail-status')).toBe('已发布')
      await page
        .getByTestId('cell-head_office-2026-12-09')
        .getByText('已发布')
        .waitFor()
      await shot(page, 'console-1280-moments-published')
      await close(page)
    })

    it('says plainly when the day filled up meanwhile, and shows WeCom’s refusal', async () => {
      const page = await open('/console/#/moments')
      await page.getByTestId('moment-calendar').waitFor()
      await cell(page, 'R-SOUTH', '2026-12-11')
        .getByTestId('moment-plan')
        .click()
      await page.getByTestId('moment-text').fill('华南驱蚊季')
      b.api.fail('POST /api/console/moments$', {
        status: 409,
        code: 'MOMENT_QUOTA_FULL',
        times: 1,
      })
      await page.getByTestId('moment-save').click()
      expect(await textOf(page, 'moment-save-failure')).toBe(
        '保存失败：这一天的名额已经用完了，请换一天。',
      )
      await page.getByTestId('moment-editor').getByText('取消').click()

      // A failed post says why, and may be published again today.
      b.api.content.momentRefusal =
        '企业微信：发送范围内没有成员（errcode 41063）'
      await page.getByTestId('moment-m-north').click()
      expect(await textOf(page, 'moment-detail-error')).toBe(
        '失败原因：企业微信：发送范围内没有成员（errcode 41063）',
      )
      await page.getByTestId('moment-publish').click()
      await page
        .getByTestId('toast')
        .getByText('发布失败：企业微信：发送范围内没有成员')
        .waitFor()
      expect(await textOf(page, 'moment-detail-status')).toBe('发布失败')

      // Another day's post is not published today.
      await page.getByTestId('moment-m-east').click()
      expect(await page.getByTestId('moment-publish').count()).toBe(0)
      b.api.fail('PUT /api/console/moments/', {
        status: 409,
        code: 'MOMENT_LOCKED',
        times: 1,
      })
      await page.getByTestId('moment-edit').click()
      await page.getByTestId('moment-save').click()
      expect(await textOf(page, 'moment-save-failure')).toBe(
        '保存失败：这条朋友圈已经交给企业微信，不能再修改或删除。',
      )
      await close(page)
    })

    it('moves a week on, and deletes an open post after confirming', async () => {
      const page = await open('/console/#/moments')
      await page.getByTestId('moment-calendar').waitFor()
      await page.getByTestId('week-next').click()
      await page.getByTestId('day-2026-12-14').waitFor()
      expect(b.apiCalls('/api/console/moments').at(-1)).toBe(
        '/api/console/moments?from=2026-12-14&to=2026-12-20',
      )
      await page.getByTestId('week-this').click()
      await page.getByTestId('moment-m-east').click()
      await page.getByTestId('moment-delete').click()
      await page.getByRole('dialog').getByText('删除', { exact: true }).click()
      await page.getByTestId('toast').getByText('已删除朋友圈').waitFor()
      expect(b.api.content.posts.some((p) => p.id === 'm-east')).toBe(false)
      expect(
        await cell(page, 'R-EAST', '2026-12-10')
          .getByTestId('moment-plan')
          .count(),
      ).toBe(1)
      await close(page)
    })

    it('lets a region admin plan only her region, and a store manager nothing', async () => {
      const page = await open('/console/#/moments', { as: 'LiNa' })
      await page.getByTestId('moment-calendar').waitFor()
      expect((await rowsOf(page, 'moment-calendar')).map((r) => r[0])).toEqual([
        '总部',
        '华东大区',
      ])
      expect(
        await page
          .getByTestId('owner-head_office')
          .getByTestId('moment-plan')
          .count(),
      ).toBe(0)
      expect(
        await page
          .getByTestId('owner-R-EAST')
          .getByTestId('moment-plan')
          .count(),
      ).toBeGreaterThan(0)
      await page.getByTestId('moment-m-today').click()
      expect(await page.getByTestId('moment-publish').count()).toBe(0)
      await close(page)

      const store = await open('/console/#/moments', { as: 'WangQiang' })
      await store.getByTestId('moment-calendar').waitFor()
      await store.getByTestId('read-only-note').waitFor()
      expect(await store.getByTestId('moment-plan').count()).toBe(0)
      expect((await rowsOf(store, 'moment-calendar')).map((r) => r[0])).toEqual(
        ['总部', '华东大区'],
      )
      await shot(store, 'console-1280-moments-store')
      await close(store)
    })
  })

  // ------------------------------------------------------------ protocol

  describe('vaccine protocol', () => {
    it('shows a region’s protocol, and saves only the fields changed', async () => {
      const page = await open('/console/#/protocol')
      await page.getByTestId('vaccines-dog').waitFor()
      expect(await page.getByTestId('protocol-region').inputValue()).toBe(
        'R-EAST',
      )
      expect(await textOf(page, 'protocol-updated')).toBe(
        '使用总部默认方案，未做调整。',
      )
      const rabies = await textOf(page, 'vaccine-dog-core-rabies')
      expect(rabies).toContain('基础免疫后 12 个月')
      expect(rabies).toContain('12 个月')
      await shot(page, 'console-1280-protocol')

      await page.getByTestId('protocol-edit').click()
      const lepto = page.getByTestId('vaccine-dog-noncore-lepto')
      // Core vaccines stay on: only non-core ones have a switch.
      expect(
        await page
          .getByTestId('vaccine-dog-core-rabies')
          .getByTestId('edit-enabled')
          .count(),
      ).toBe(0)
      await lepto.getByTestId('edit-enabled').uncheck()
      await page
        .getByTestId('vaccine-dog-core-dhpp')
        .getByTestId('edit-revaccination')
        .fill('12')
      await page
        .getByTestId('deworming-cat-internal')
        .getByTestId('edit-adult-interval')
        .fill('1')
      await shot(page, 'console-1280-protocol-edit')
      await page.getByTestId('protocol-save').click()
      await page
        .getByTestId('toast')
        .getByText('已保存华东大区的疫苗方案')
        .waitFor()
      expect(bodies('PUT', '/api/console/protocol/R-EAST')).toEqual([
        {
          region: '华东大区',
          vaccines: {
            'dog-core-dhpp': { revaccinationMonths: 12 },
            'dog-noncore-lepto': { enabled: false },
          },
          deworming: { 'cat-internal': { adultIntervalMonths: 1 } },
        },
      ])
      await page.getByTestId('protocol-updated').getByText('周敏').waitFor()
      expect(await textOf(page, 'vaccine-dog-noncore-lepto')).toContain('停用')
      expect(await textOf(page, 'vaccine-dog-core-dhpp')).toContain('12 个月')
      await close(page)
    })

    it('keeps a region’s earlier changes, and lists what the server refused', async () => {
      const page = await open('/console/#/protocol?region=R-SOUTH')
      await page.getByTestId('vaccines-dog').waitFor()
      expect(await textOf(page, 'protocol-updated')).toMatch(
        /^最后修改：陈刚 · 2026-11-28 14:30/,
      )
      await page.getByTestId('protocol-edit').click()
      const dogRabies = page.getByTestId('vaccine-dog-core-rabies')
      const catRabies = page.getByTestId('vaccine-cat-core-rabies')
      await dogRabies.getByTestId('edit-revaccination').fill('0')
      await catRabies.getByTestId('edit-booster').fill('abc')
      await page.getByTestId('protocol-save').click()
      // Outside the limits or not a number: said next to the field (it was
      // a red outline with no word), and nothing sent.
      expect(await textOf(page, 'protocol-failure')).toBe(
        '有数值不符合要求，请按标红处的提示修改后再保存。',
      )
      expect(await dogRabies.getByTestId('field-problem').innerText()).toBe(
        '请输入 6–60 之间的整数',
      )
      expect(await catRabies.getByTestId('field-problem').innerText()).toBe(
        '请输入 1–24 之间的整数',
      )
      const booster = catRabies.getByTestId('edit-booster')
      expect(await booster.getAttribute('aria-invalid')).toBe('true')
      expect(
        await page
          .locator(`#${await booster.getAttribute('aria-describedby')}`)
          .innerText(),
      ).toBe('请输入 1–24 之间的整数')
      await shot(page, 'console-1280-protocol-invalid')
      // A rabies booster of 999 months is refused the same way.
      await booster.fill('999')
      await page.getByTestId('protocol-save').click()
      expect(await catRabies.getByTestId('field-problem').innerText()).toBe(
        '请输入 1–24 之间的整数',
      )
      expect(bodies('PUT', '/api/console/protocol/')).toEqual([])

      // The server's own refusal (a limit changed since the page loaded) is
      // listed, and said next to its field too.
      await booster.fill('12')
      await dogRabies.getByTestId('edit-revaccination').fill('24')
      b.api.fail('PUT /api/console/protocol/R-SOUTH', {
        status: 400,
        code: 'VALIDATION_FAILED',
        details: {
          errors: [
            {
              code: 'PROTOCOL_OUT_OF_RANGE',
              id: 'dog-core-rabies',
              field: 'revaccinationMonths',
              value: 24,
              min: 36,
              max: 60,
            },
          ],
        },
        times: 1,
      })
      await page.getByTestId('protocol-save').click()
      await page.getByTestId('protocol-problems').waitFor()
      expect(await textOf(page, 'protocol-failure')).toBe(
        '这些修改不能保存： 狂犬病疫苗 · 之后每隔：请输入 36–60 之间的整数',
      )
      expect(await dogRabies.getByTestId('field-problem').innerText()).toBe(
        '请输入 36–60 之间的整数',
      )
      expect(bodies('PUT', '/api/console/protocol/R-SOUTH')).toEqual([
        {
          region: '华南大区',
          vaccines: { 'dog-core-rabies': { revaccinationMonths: 24 } },
          deworming: { 'dog-internal': { adultIntervalMonths: 1 } },
        },
      ])
      await shot(page, 'console-1280-protocol-refused')

      await page.getByTestId('protocol-save').click()
      await page.getByTestId('toast').getByText('已保存华南大区').waitFor()
      expect(b.api.content.protocols.get('R-SOUTH')?.overrides).toEqual({
        region: '华南大区',
        vaccines: { 'dog-core-rabies': { revaccinationMonths: 24 } },
        deworming: { 'dog-internal': { adultIntervalMonths: 1 } },
      })

      await page.getByTestId('protocol-reset').click()
      await page.getByRole('dialog').getByText('恢复默认').last().click()
      await page
        .getByTestId('toast')
        .getByText('华南大区已恢复默认方案')
        .waitFor()
      await page.getByText('使用总部默认方案，未做调整。').waitFor()
      expect(b.api.content.protocols.has('R-SOUTH')).toBe(false)
      await close(page)
    })

    it('lets a region admin change her own region, and shows a store manager its region read only', async () => {
      const page = await open('/console/#/protocol', { as: 'ChenGang' })
      await page.getByTestId('vaccines-dog').waitFor()
      // One region: no picker; its own change is marked.
      expect(await page.getByTestId('protocol-region').count()).toBe(0)
      expect(
        await page.getByTestId('deworming-dog-internal').innerText(),
      ).toMatch(/1 个月\s*●/)
      expect(await page.getByTestId('protocol-edit').count()).toBe(1)
      await close(page)

      const store = await open('/console/#/protocol', { as: 'WangQiang' })
      await store.getByTestId('vaccines-cat').waitFor()
      await store.getByTestId('read-only-note').waitFor()
      expect(await store.getByTestId('protocol-edit').count()).toBe(0)
      expect(b.apiCalls('/api/console/protocol/')).toEqual([
        '/api/console/protocol/R-SOUTH',
        '/api/console/protocol/R-EAST',
      ])
      await close(store)
    })
  })
})
