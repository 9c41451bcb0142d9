/// <reference types="jest" />
import { ApiError } from './http'
import { fetchOpsSummary, summaryProblem } from './ops.api'

const summary = {
  mode: 'demo',
  corpId: 'wwDemoCorp',
  database: 'sqlite',
  events: {
    total: 12,
    last24h: 3,
    lastReceivedAt: '2026-12-04T08:00:00.000Z',
    byType: [
      {
        event: 'change_external_contact',
        changeType: 'add_external_contact',
        count: 5,
      },
    ],
    byStatus: [{ status: 'pending', count: 12 }],
  },
}

describe('summaryProblem', () => {
  it('accepts the documented shape', () => {
    expect(summaryProblem(summary)).toBeNull()
  })

  it('accepts an empty summary', () => {
    expect(
      summaryProblem({
        ...summary,
        events: {
          total: 0,
          last24h: 0,
          lastReceivedAt: null,
          byType: [],
          byStatus: [],
        },
      }),
    ).toBeNull()
  })

  it('names the first field that does not fit', () => {
    expect(summaryProblem(null)).toBe('not an object')
    expect(summaryProblem({ ...summary, mode: 'test' })).toBe('mode')
    expect(
      summaryProblem({ ...summary, events: { ...summary.events, total: '1' } }),
    ).toBe('events.total')
    expect(
      summaryProblem({
        ...summary,
        events: { ...summary.events, lastReceivedAt: 'yesterday' },
      }),
    ).toBe('events.lastReceivedAt')
    expect(
      summaryProblem({
        ...summary,
        events: { ...summary.events, byStatus: [{ status: 'pending' }] },
      }),
    ).toBe('events.byStatus')
  })
})

describe('fetchOpsSummary', () => {
  const realFetch = globalThis.fetch
  afterEach(() => {
    globalThis.fetch = realFetch
  })

  function serve(body: unknown): void {
    globalThis.fetch = jest
      .fn()
      .mockResolvedValue(
        new Response(JSON.stringify(body), { status: 200 }),
      ) as unknown as typeof fetch
  }

  it('returns the summary, with a missing changeType as null', async () => {
    serve({
      ...summary,
      events: {
        ...summary.events,
        byType: [{ event: 'enter_agent', count: 1 }],
      },
    })

    const result = await fetchOpsSummary()

    expect(result.events.byType).toEqual([
      { event: 'enter_agent', changeType: null, count: 1 },
    ])
  })

  it('rejects a body of another shape with INVALID_RESPONSE', async () => {
    serve({ status: 'ok' })

    const error = await fetchOpsSummary().catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('INVALID_RESPONSE')
  })
})
