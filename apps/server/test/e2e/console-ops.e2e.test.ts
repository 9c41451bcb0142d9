/**
 * The console's round-2 pages in a real Chromium against the fake console
 * API (set up in `console-browser.ts`): the quick-reply library, quiet
 * groups and their wake-up campaign, follow-ups, lost customers, customer
 * moments and the vaccine protocol, each as head office, a region admin
 * and a store manager where they differ, with a screenshot of each in
 * test-artifacts/screenshots/console-*.png.
 */
import { describeInChromium, screenshot } from './browser'
import { useConsoleBrowser } from './console-browser'

describeInChromium('the console’s operations pages in Chromium', () => {
  const b = useConsoleBrowser()
  const { open, close, textOf, rowsOf } = b

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
      await screenshot(page, 'console-1280-quick-reply-editor')

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
      await screenshot(page, 'console-1280-quick-replies')
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
})
