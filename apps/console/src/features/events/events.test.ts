/// <reference types="jest" />
import {
  eventsUrl,
  type LoggedEvent,
  mayRetry,
  orderedCounts,
  refusedStatus,
  subjects,
} from './events'

function event(status: string, patch: Partial<LoggedEvent> = {}): LoggedEvent {
  return {
    id: '1',
    event: 'change_external_contact',
    changeType: 'add_external_contact',
    userId: 'ZhangWei',
    externalUserId: 'wm1',
    chatId: null,
    createTime: 1_780_000_000,
    receivedAt: '2026-12-09T01:00:00Z',
    status,
    attempts: 1,
    failedAttempts: 0,
    lastError: null,
    processedAt: null,
    ...patch,
  }
}

describe('orderedCounts', () => {
  it('orders statuses as an event moves through them and sums them', () => {
    const { total, rows } = orderedCounts([
      { status: 'parked', count: 2 },
      { status: 'vendor', count: 1 },
      { status: 'done', count: 40 },
      { status: 'pending', count: 3 },
    ])
    expect(total).toBe(46)
    expect(rows.map((r) => r.status)).toEqual([
      'pending',
      'done',
      'parked',
      'vendor',
    ])
  })
})

describe('mayRetry', () => {
  it.each([
    ['parked', 'head_office', true],
    ['failed', 'head_office', true],
    ['done', 'head_office', false],
    ['pending', 'head_office', false],
    ['processing', 'head_office', false],
    ['failed', 'region', false],
    ['parked', 'store', false],
  ] as const)('a %s event for %s: %p', (status, level, yes) => {
    expect(mayRetry(event(status), level)).toBe(yes)
  })
})

describe('eventsUrl and subjects', () => {
  it('asks for one status from a cursor', () => {
    expect(eventsUrl('failed', '4990')).toBe(
      '/api/console/events?status=failed&before=4990',
    )
    expect(eventsUrl(null, null)).toBe('/api/console/events')
  })

  it('names the member, customer and group an event concerns', () => {
    expect(subjects(event('done', { chatId: 'wr1' }))).toEqual([
      ['user', 'ZhangWei'],
      ['external', 'wm1'],
      ['chat', 'wr1'],
    ])
  })
})

describe('refusedStatus', () => {
  it('reads the status a refused retry found the event in', () => {
    expect(refusedStatus({ status: 'done' })).toBe('done')
  })

  it.each([null, undefined, 'done', {}, { status: 3 }])(
    'says nothing for details without a status (%p)',
    (details) => {
      expect(refusedStatus(details)).toBeNull()
    },
  )
})
