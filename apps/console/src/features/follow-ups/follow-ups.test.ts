/// <reference types="jest" />
import type { CareArticle } from '@petcare/shared'
import {
  articlesFor,
  customerIdsOf,
  followUpBatches,
  type FollowUpMember,
  followUpsUrl,
  parseRange,
} from './follow-ups'

const article = (id: string): CareArticle => ({
  id,
  title: id,
  url: `https://care.example.com/${id}`,
  flag: id === 'surgery' ? 'post_surgery' : 'chronic',
})

const care = (externalUserId: string, articleId: string, pet = '豆豆') => ({
  externalUserId,
  customerId: externalUserId,
  customerName: externalUserId,
  petId: `P-${externalUserId}-${pet}`,
  petName: pet,
  flag:
    articleId === 'surgery' ? ('post_surgery' as const) : ('chronic' as const),
  sinceOn: '2026-10-01',
  article: article(articleId),
})

const member: FollowUpMember = {
  userId: 'ZhangWei',
  name: '张伟',
  hospitalId: 'H1',
  due: [
    {
      externalUserId: 'wmA',
      customerId: 'C1',
      customerName: '林女士',
      lastVisitOn: '2026-10-20',
      petNames: ['豆豆'],
    },
    {
      externalUserId: 'wmR',
      customerId: 'C9',
      customerName: '刘丽敏',
      lastVisitOn: '2026-10-31',
      petNames: ['皮皮'],
    },
  ],
  care: [
    care('wmA', 'surgery'),
    care('wmB', 'chronic'),
    care('wmC', 'chronic'),
    care('wmD', 'chronic', '团子'),
    care('wmD', 'surgery', '大黄'),
  ],
}

describe('follow-ups', () => {
  it('takes a range of 1 to 365 days, the first no more than the second', () => {
    expect(parseRange('30', '60')).toEqual({ fromDays: 30, toDays: 60 })
    expect(parseRange('60', '60')).toEqual({ fromDays: 60, toDays: 60 })
    expect(parseRange('61', '60')).toBeNull()
    expect(parseRange('0', '60')).toBeNull()
    expect(parseRange('30', '366')).toBeNull()
    expect(parseRange('', '60')).toBeNull()
    expect(followUpsUrl({ fromDays: 30, toDays: 60 })).toBe(
      '/api/console/follow-ups?fromDays=30&toDays=60',
    )
  })

  it('counts a customer due and in care once, and each of their articles once', () => {
    expect(customerIdsOf(member)).toEqual(['wmA', 'wmR', 'wmB', 'wmC', 'wmD'])
    expect(articlesFor(member, 'wmD').map((a) => a.id)).toEqual([
      'surgery',
      'chronic',
    ])
    expect(articlesFor(member, 'wmR')).toEqual([])
  })

  // A routine follow-up (刘丽敏) and a dog after surgery (朱明芳) picked
  // together both got 「术后居家护理」: one task carries one content.
  it('splits the picked customers into one task per set of their own articles', () => {
    const batches = (ids: string[], withArticles = true) =>
      followUpBatches(member, new Set(ids), withArticles).map((b) => [
        b.externalUserIds,
        b.articles.map((a) => a.id),
      ])
    expect(batches(['wmR', 'wmA'])).toEqual([
      [['wmA'], ['surgery']],
      [['wmR'], []],
    ])
    expect(batches(['wmB', 'wmC'])).toEqual([[['wmB', 'wmC'], ['chronic']]])
    expect(batches(['wmD', 'wmA', 'wmB'])).toEqual([
      [['wmA'], ['surgery']],
      [['wmB'], ['chronic']],
      [['wmD'], ['surgery', 'chronic']],
    ])
    expect(batches(['wmR', 'wmA', 'wmD'], false)).toEqual([
      [['wmA', 'wmR', 'wmD'], []],
    ])
    expect(batches([])).toEqual([])
  })
})
