/// <reference types="jest" />
import type { CareArticle } from '@petcare/shared'
import {
  articlesOf,
  customerIdsOf,
  type FollowUpMember,
  followUpsUrl,
  parseRange,
  suggestedArticle,
} from './follow-ups'

const article = (id: string): CareArticle => ({
  id,
  title: id,
  url: `https://care.example.com/${id}`,
  flag: id === 'surgery' ? 'post_surgery' : 'chronic',
})

const care = (externalUserId: string, articleId: string) => ({
  externalUserId,
  customerId: externalUserId,
  customerName: externalUserId,
  petId: `P-${externalUserId}`,
  petName: '豆豆',
  flag: 'chronic' as const,
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
  ],
  care: [
    care('wmA', 'surgery'),
    care('wmB', 'chronic'),
    care('wmC', 'chronic'),
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

  it('counts a customer due and in care once, and each article once', () => {
    expect(customerIdsOf(member)).toEqual(['wmA', 'wmB', 'wmC'])
    expect(articlesOf(member).map((a) => a.id)).toEqual(['surgery', 'chronic'])
  })

  it('suggests the article the picked customers share, and none when they differ', () => {
    expect(suggestedArticle(member, new Set(['wmB', 'wmC']))).toBe('chronic')
    expect(suggestedArticle(member, new Set(['wmA', 'wmB']))).toBeNull()
    expect(suggestedArticle(member, new Set())).toBeNull()
  })
})
