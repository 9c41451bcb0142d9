/// <reference types="jest" />
import type { MomentCalendar, MomentPost } from '@petcare/shared'
import {
  calendarLayout,
  calendarUrl,
  momentInput,
  momentProblems,
  newMomentDraft,
  postActions,
  slotState,
} from './moments'

function post(over: Partial<MomentPost>): MomentPost {
  return {
    id: 'p1',
    day: '2026-12-09',
    owner: 'head_office',
    ownerName: '总部',
    slot: 1,
    text: '冬季体检',
    link: null,
    status: 'planned',
    jobId: null,
    momentId: null,
    error: null,
    createdBy: { userId: 'ZhouMin', name: '周敏' },
    createdAt: '2026-12-08T02:00:00.000Z',
    publishedAt: null,
    editable: true,
    ...over,
  }
}

const calendar = (over: Partial<MomentCalendar> = {}): MomentCalendar => ({
  from: '2026-12-07',
  to: '2026-12-13',
  today: '2026-12-09',
  owners: [
    { id: 'head_office', name: '总部', dailyLimit: 2, plannable: false },
    { id: 'R-EAST', name: '华东大区', dailyLimit: 1, plannable: true },
  ],
  posts: [],
  quota: [],
  ...over,
})

describe('the week calendar', () => {
  it('asks for Monday to Sunday of the week', () => {
    expect(calendarUrl('2026-W50')).toBe(
      '/api/console/moments?from=2026-12-07&to=2026-12-13',
    )
  })

  it('lays out seven days from Monday, with today and the past marked', () => {
    const { days, rows } = calendarLayout(calendar())
    expect(days.map((d) => d.day)).toEqual([
      '2026-12-07',
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
      '2026-12-11',
      '2026-12-12',
      '2026-12-13',
    ])
    expect(days.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(days.filter((d) => d.isToday).map((d) => d.day)).toEqual([
      '2026-12-09',
    ])
    expect(days.filter((d) => d.isPast)).toHaveLength(2)
    expect(rows.map((r) => r.owner.id)).toEqual(['head_office', 'R-EAST'])
    // Head office has two slots a day, a region one.
    expect(rows[0]!.cells[0]!.slots).toHaveLength(2)
    expect(rows[1]!.cells[0]!.slots).toHaveLength(1)
  })

  it('puts each post in its own slot and says what the empty ones offer', () => {
    const { rows } = calendarLayout(
      calendar({
        posts: [
          post({ id: 'a', slot: 2 }),
          post({ id: 'b', owner: 'R-EAST', day: '2026-12-10' }),
        ],
        quota: [
          { day: '2026-12-09', owner: 'head_office', used: 1, limit: 2 },
          { day: '2026-12-10', owner: 'R-EAST', used: 1, limit: 1 },
          { day: '2026-12-11', owner: 'R-EAST', used: 1, limit: 1 },
        ],
      }),
    )
    const office = rows[0]!.cells[2]!
    expect(office.used).toBe(1)
    expect(office.slots.map((s) => [s.slot, s.post?.id ?? s.state])).toEqual([
      [1, 'read_only'],
      [2, 'a'],
    ])
    const east = rows[1]!.cells
    expect(east.map((c) => c.slots[0]!.post?.id ?? c.slots[0]!.state)).toEqual([
      'past',
      'past',
      'free',
      'b',
      'full',
      'free',
      'free',
    ])
  })

  it('still shows a post beyond the limit', () => {
    const { rows } = calendarLayout(
      calendar({ posts: [post({ id: 'x', owner: 'R-EAST', slot: 2 })] }),
    )
    const slots = rows[1]!.cells[2]!.slots
    expect(slots.map((s) => s.post?.id ?? s.state)).toEqual(['full', 'x'])
  })
})

describe('slot availability', () => {
  const mine = { plannable: true }
  it('offers a free slot today and later, while the quota lasts', () => {
    expect(slotState('2026-12-09', '2026-12-09', mine, 0, 1)).toBe('free')
    expect(slotState('2026-12-20', '2026-12-09', mine, 1, 2)).toBe('free')
    expect(slotState('2026-12-20', '2026-12-09', mine, 2, 2)).toBe('full')
  })
  it('offers nothing on a day gone by, or to someone who may not plan', () => {
    expect(slotState('2026-12-08', '2026-12-09', mine, 0, 1)).toBe('past')
    expect(
      slotState('2026-12-10', '2026-12-09', { plannable: false }, 0, 1),
    ).toBe('read_only')
  })
})

describe('what may be done with a post', () => {
  it('publishes an open post on its own day only', () => {
    expect(postActions(post({}), '2026-12-09', true)).toEqual({
      edit: true,
      remove: true,
      publish: true,
      refresh: false,
    })
    expect(
      postActions(post({ day: '2026-12-10' }), '2026-12-09', true).publish,
    ).toBe(false)
  })
  it('leaves posts with WeCom alone, but a publishing one may be refreshed', () => {
    const sent = post({ status: 'publishing', editable: false })
    expect(postActions(sent, '2026-12-09', true)).toEqual({
      edit: false,
      remove: false,
      publish: false,
      refresh: true,
    })
    expect(postActions(sent, '2026-12-09', false).refresh).toBe(false)
  })
  it('edits a past failed post no more, though it may be deleted', () => {
    const old = post({ day: '2026-12-08', status: 'failed' })
    expect(postActions(old, '2026-12-09', true)).toMatchObject({
      edit: false,
      remove: true,
      publish: false,
    })
  })
})

describe('a post draft', () => {
  const today = '2026-12-09'
  it('needs text, a day not gone by, and a link whole or not at all', () => {
    expect(momentProblems(newMomentDraft('2026-12-08'), today)).toEqual({
      day: 'past',
      text: 'required',
    })
    expect(
      momentProblems(
        { day: today, text: 'hi', linkTitle: '看看', linkUrl: '' },
        today,
      ),
    ).toEqual({ linkUrl: 'both_or_none' })
    expect(
      momentProblems(
        { day: today, text: 'hi', linkTitle: '看', linkUrl: 'ftp://x' },
        today,
      ),
    ).toEqual({ linkUrl: 'not_http' })
  })
  it('counts a link title in bytes and the text in characters', () => {
    const title = '体'.repeat(22) // 66 bytes
    expect(
      momentProblems(
        {
          day: today,
          text: '😀'.repeat(2000),
          linkTitle: title,
          linkUrl: 'https://a.cn',
        },
        today,
      ),
    ).toEqual({ linkTitle: 'too_long' })
  })
  it('sends the trimmed text and a link only when both are given', () => {
    expect(
      momentInput({ day: today, text: ' 你好 ', linkTitle: '', linkUrl: '' }),
    ).toEqual({ day: today, text: '你好', link: null })
    expect(
      momentInput({
        day: today,
        text: '你好',
        linkTitle: ' 套餐 ',
        linkUrl: 'https://a.cn/x ',
      }),
    ).toEqual({
      day: today,
      text: '你好',
      link: { title: '套餐', url: 'https://a.cn/x' },
    })
  })
})
