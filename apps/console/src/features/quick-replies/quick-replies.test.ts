/// <reference types="jest" />
import type { ConsoleMe, LibraryReply } from '@petcare/shared'
import {
  categoriesOf,
  categoryChips,
  draftOf,
  draftProblems,
  filterReplies,
  inputOf,
  insertText,
  newDraft,
  NO_LIBRARY_FILTERS,
  previewParts,
  sampleValues,
  unknownVariables,
} from './quick-replies'

const KNOWN = ['customerName', 'petName', 'hospital', 'dueDate', 'memberName']
const samples = sampleValues('2026-12-09')

function reply(patch: Partial<LibraryReply> = {}): LibraryReply {
  return {
    id: 'r1',
    scope: 'head_office',
    regionId: null,
    owner: null,
    category: '疫苗提醒',
    title: '疫苗到期',
    kind: 'text',
    content: '您好',
    link: null,
    imageUrl: null,
    uses30d: 0,
    updatedAt: '2026-12-01T00:00:00Z',
    editable: true,
    ...patch,
  }
}

const me = (level: ConsoleMe['level']): ConsoleMe => ({
  userId: 'u',
  name: 'n',
  level,
  local: false,
  regions: level === 'head_office' ? [] : [{ id: 'R-EAST', name: '华东' }],
  hospitals: [],
  mode: 'demo',
})

describe('the preview', () => {
  it('fills the known variables with the sample customer', () => {
    const parts = previewParts(
      '{{customerName}}您好，{{ petName }}的疫苗 {{dueDate}} 到期，{{memberName}}',
      KNOWN,
      samples,
    )
    expect(parts.map((p) => p.text).join('')).toBe(
      '林晓雯您好，咪咪的疫苗 2026-12-23 到期，张伟',
    )
    expect(parts.filter((p) => p.kind === 'filled')).toHaveLength(4)
  })

  it('keeps an unknown variable as typed, marked, and names it once', () => {
    const text = '{{customerName}}，{{petAge}} 岁的{{petAge}}'
    expect(previewParts(text, KNOWN, samples)).toEqual([
      { kind: 'filled', name: 'customerName', text: '林晓雯' },
      { kind: 'text', text: '，' },
      { kind: 'unknown', text: '{{petAge}}' },
      { kind: 'text', text: ' 岁的' },
      { kind: 'unknown', text: '{{petAge}}' },
    ])
    expect(unknownVariables(text, KNOWN)).toEqual(['petAge'])
    expect(unknownVariables('{{hospital}}', KNOWN)).toEqual([])
  })

  it('treats a variable the server no longer lists as unknown', () => {
    expect(previewParts('{{hospital}}', ['petName'], samples)).toEqual([
      { kind: 'unknown', text: '{{hospital}}' },
    ])
  })
})

describe('insertText', () => {
  it('replaces the selection and puts the caret after the insert', () => {
    expect(insertText('您好，的疫苗', 3, 3, '{{petName}}')).toEqual({
      text: '您好，{{petName}}的疫苗',
      caret: 14,
    })
    expect(insertText('abcdef', 1, 4, 'X')).toEqual({ text: 'aXef', caret: 2 })
    expect(insertText('ab', 9, 9, 'X')).toEqual({ text: 'abX', caret: 3 })
  })
})

describe('drafts', () => {
  it('starts head office on its own replies and a region admin on their region', () => {
    expect(newDraft(me('head_office'))).toMatchObject({
      scope: 'head_office',
      regionId: '',
    })
    expect(newDraft(me('region'), '活动')).toMatchObject({
      scope: 'region',
      regionId: 'R-EAST',
      category: '活动',
    })
  })

  it('asks for every field, and a link’s four fields as http(s)', () => {
    const d = newDraft(me('head_office'))
    expect(draftProblems(d)).toEqual({
      category: 'required',
      title: 'required',
      content: 'required',
    })
    const link = {
      ...d,
      category: '活动',
      title: '体检',
      content: '点开看看',
      kind: 'link' as const,
      link: { url: 'ftp://x', title: '', desc: '', imgUrl: 'https://i/1.png' },
    }
    expect(draftProblems(link)).toEqual({
      url: 'not_http',
      linkTitle: 'required',
      desc: 'required',
    })
    expect(
      draftProblems({ ...d, scope: 'region', title: 'x'.repeat(65) }),
    ).toMatchObject({ regionId: 'required', title: 'too_long' })
  })

  it('sends a trimmed input, the link and region only where they belong', () => {
    const d = {
      ...newDraft(me('head_office')),
      category: ' 活动 ',
      title: ' 体检 ',
      content: ' 送您一次体检 ',
      link: { url: 'https://a', title: 't', desc: 'd', imgUrl: 'https://i' },
    }
    expect(inputOf(d)).toEqual({
      scope: 'head_office',
      category: '活动',
      title: '体检',
      kind: 'text',
      content: '送您一次体检',
    })
    expect(
      inputOf({ ...d, scope: 'region', regionId: 'R1', kind: 'link' }),
    ).toMatchObject({
      regionId: 'R1',
      link: { url: 'https://a', title: 't', desc: 'd', imgUrl: 'https://i' },
    })
  })

  it('edits a reply as it is, an image reply with its picture', () => {
    const r = reply({ scope: 'region', regionId: 'R1', kind: 'link' })
    expect(draftOf(r)).toMatchObject({ scope: 'region', regionId: 'R1' })
    expect(
      draftOf(reply({ kind: 'image', imageUrl: '/sidebar/q/vaccine.png' })),
    ).toMatchObject({ kind: 'image', imageUrl: '/sidebar/q/vaccine.png' })
  })

  it('asks an image reply for a URL the server can fetch, and sends it alone', () => {
    const d = {
      ...newDraft(me('head_office')),
      category: '疫苗',
      title: '接种时间表',
      content: '幼猫幼犬的接种安排',
      kind: 'image' as const,
      link: { url: 'https://a', title: 't', desc: 'd', imgUrl: 'https://i' },
    }
    expect(draftProblems(d)).toEqual({ imageUrl: 'required' })
    for (const imageUrl of ['ftp://x/a.png', '//cdn.x/a.png', 'a.png']) {
      expect(draftProblems({ ...d, imageUrl })).toEqual({
        imageUrl: 'not_image_url',
      })
    }
    for (const imageUrl of ['https://cdn.x/a.png', '/sidebar/q/a.png']) {
      expect(draftProblems({ ...d, imageUrl })).toEqual({})
    }
    expect(
      draftProblems({ ...d, imageUrl: `https://x/${'a'.repeat(520)}` }),
    ).toEqual({ imageUrl: 'too_long' })
    expect(inputOf({ ...d, imageUrl: ' https://cdn.x/a.png ' })).toEqual({
      scope: 'head_office',
      category: '疫苗',
      title: '接种时间表',
      kind: 'image',
      content: '幼猫幼犬的接种安排',
      imageUrl: 'https://cdn.x/a.png',
    })
    // A text reply drops the picture it had as an image.
    expect(
      inputOf({ ...d, kind: 'text', imageUrl: 'https://cdn.x/a.png' }),
    ).not.toHaveProperty('imageUrl')
  })
})

describe('the library list', () => {
  const replies = [
    reply({ id: 'a', category: '活动', title: '体检' }),
    reply({ id: 'b', category: '疫苗提醒', scope: 'region' }),
    reply({ id: 'c', category: '疫苗提醒', content: '驱虫提醒' }),
  ]

  it('counts categories, most used first', () => {
    expect(categoriesOf(replies)).toEqual([
      { name: '疫苗提醒', count: 2 },
      { name: '活动', count: 1 },
    ])
  })

  // The chips counted every reply while the list showed what a search
  // or the scope left.
  it('counts each category chip by the scope and text filters', () => {
    expect(categoryChips(replies, NO_LIBRARY_FILTERS)).toEqual({
      all: 3,
      categories: [
        { name: '疫苗提醒', count: 2 },
        { name: '活动', count: 1 },
      ],
    })
    expect(
      categoryChips(replies, {
        ...NO_LIBRARY_FILTERS,
        category: '活动',
        search: '驱虫',
      }),
    ).toEqual({
      all: 1,
      categories: [
        { name: '疫苗提醒', count: 1 },
        { name: '活动', count: 0 },
      ],
    })
  })

  it('filters by category, scope and text', () => {
    const ids = (f: Partial<typeof NO_LIBRARY_FILTERS>) =>
      filterReplies(replies, { ...NO_LIBRARY_FILTERS, ...f }).map((r) => r.id)
    expect(ids({ category: '疫苗提醒' })).toEqual(['b', 'c'])
    expect(ids({ scope: 'region' })).toEqual(['b'])
    expect(ids({ search: '驱虫' })).toEqual(['c'])
  })
})
