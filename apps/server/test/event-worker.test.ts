import { createHash } from 'node:crypto'
import { WecomApiError, type WecomEvent } from '@petcare/wecom'
import { DEMO_CORP, externalContactXml } from '@petcare/wecom-sim'
import pino from 'pino'
import type { DataSource } from 'typeorm'
import { createDataSource, openDatabase } from '../src/db/data-source'
import { EventStore } from '../src/modules/wecom-callback/event-store'
import { WecomEventEntity } from '../src/modules/wecom-callback/wecom-event.entity'
import type { EventHandlers } from '../src/modules/worker/event-handlers'
import { EventQueue } from '../src/modules/worker/event-queue'
import { EventWorker } from '../src/modules/worker/event-worker'
import { databaseTargets, type TestDatabase } from './databases'

const silent = pino({ level: 'silent' })

async function storeEvent(dataSource: DataSource, externalUserId: string) {
  const payloadXml = externalContactXml({
    corpId: DEMO_CORP.corpId,
    changeType: 'add_external_contact',
    userId: 'ZhangWei',
    externalUserId,
    createTime: 1796400000,
  })
  await new EventStore(dataSource, silent).append({
    dedupeKey: createHash('sha256').update(payloadXml).digest('hex'),
    corpId: DEMO_CORP.corpId,
    agentId: null,
    event: 'change_external_contact',
    changeType: 'add_external_contact',
    updateDetail: null,
    kind: 'external_contact',
    userId: 'ZhangWei',
    externalUserId,
    chatId: null,
    createTime: 1796400000,
    receivedAt: new Date(),
    payloadXml,
  })
}

describe.each(databaseTargets().map((t) => [t.name, t] as const))(
  'EventWorker on %s',
  (_name, target) => {
    let database: TestDatabase
    let dataSource: DataSource
    let now: number
    let seen: string[]
    let failFor: Set<string>

    const handlers = {
      async handle(event: WecomEvent) {
        const id = 'externalUserId' in event ? event.externalUserId : ''
        seen.push(id)
        if (failFor.has(id)) {
          throw new WecomApiError('externalcontact/get', -1, 'system busy')
        }
      },
    } as unknown as EventHandlers

    function createWorker() {
      const queue = new EventQueue(dataSource)
      const worker = new EventWorker(queue, handlers, silent, {
        maxAttempts: 3,
        backoffMs: 1000,
        now: () => now,
      })
      return { queue, worker }
    }

    const rows = () =>
      dataSource.getRepository(WecomEventEntity).find({ order: { id: 'ASC' } })

    beforeEach(async () => {
      database = await target.create()
      dataSource = createDataSource(database.config)
      await openDatabase(dataSource)
      now = Date.UTC(2026, 11, 4, 8)
      seen = []
      failFor = new Set()
    })

    afterEach(async () => {
      await dataSource.destroy()
      await database.drop()
    })

    it('applies every pending event once and marks it done', async () => {
      for (const id of ['wmA', 'wmB', 'wmC']) {
        await storeEvent(dataSource, id)
      }
      const { worker } = createWorker()
      expect(await worker.drain()).toBe(3)
      expect(seen.sort()).toEqual(['wmA', 'wmB', 'wmC'])
      expect((await rows()).map((r) => r.status)).toEqual([
        'done',
        'done',
        'done',
      ])
      expect(await worker.drain()).toBe(0)
    })

    it('retries a failing event after its backoff, then parks it with the reason', async () => {
      await storeEvent(dataSource, 'wmFlaky')
      failFor.add('wmFlaky')
      const { worker } = createWorker()

      await worker.drain()
      let [row] = await rows()
      expect(row).toMatchObject({ status: 'failed', attempts: 1 })
      expect(row!.lastError).toBe('externalcontact/get: errcode -1 system busy')
      expect(await worker.drain()).toBe(0)

      now += 1000
      await worker.drain()
      ;[row] = await rows()
      expect(row).toMatchObject({ status: 'failed', attempts: 2 })

      now += 2000
      await worker.drain()
      ;[row] = await rows()
      expect(row).toMatchObject({
        status: 'parked',
        attempts: 3,
        nextAttemptAt: null,
      })
      now += 3_600_000
      expect(await worker.drain()).toBe(0)
    })

    it('applies a parked event again once it is retried', async () => {
      await storeEvent(dataSource, 'wmParked')
      failFor.add('wmParked')
      const { worker, queue } = createWorker()
      for (let i = 0; i < 3; i++) {
        await worker.drain()
        now += 10_000
      }
      const [parked] = await rows()
      expect(parked!.status).toBe('parked')

      failFor.clear()
      expect(await queue.retry([parked!.id])).toBe(1)
      await worker.drain()
      expect((await rows())[0]).toMatchObject({
        status: 'done',
        lastError: null,
      })
    })

    it('takes over an event whose worker died mid-way', async () => {
      await storeEvent(dataSource, 'wmOrphan')
      const { queue, worker } = createWorker()
      expect(await queue.claim(10, new Date(now))).toHaveLength(1)
      expect(await worker.drain()).toBe(0)
      now += 6 * 60_000
      expect(await worker.drain()).toBe(1)
      expect((await rows())[0]!.status).toBe('done')
    })

    it('stops after the events in hand and hands the rest of its batch back', async () => {
      // Regression: a stop waited for the whole claimed batch (~16 s), past
      // the ten seconds a container gets after SIGTERM.
      for (let i = 0; i < 30; i++) {
        await storeEvent(dataSource, `wmSlow${i}`)
      }
      const slow = {
        async handle() {
          await new Promise((resolve) => setTimeout(resolve, 40))
        },
      } as unknown as EventHandlers
      const worker = new EventWorker(new EventQueue(dataSource), slow, silent, {
        concurrency: 2,
        now: () => now,
      })
      worker.start()
      await new Promise((resolve) => setTimeout(resolve, 150))
      const started = Date.now()
      await worker.stop()
      expect(Date.now() - started).toBeLessThan(1000)

      const statuses = (await rows()).map((r) => r.status)
      expect(statuses.filter((s) => s === 'processing')).toEqual([])
      expect(statuses.filter((s) => s === 'done').length).toBeGreaterThan(0)
      expect(statuses.filter((s) => s === 'pending').length).toBeGreaterThan(0)
      expect(await worker.drain()).toBeGreaterThan(0)
    })

    it('never hands one event to two claims', async () => {
      for (let i = 0; i < 40; i++) {
        await storeEvent(dataSource, `wmMany${i}`)
      }
      const queue = new EventQueue(dataSource)
      const claims = await Promise.all(
        Array.from({ length: 4 }, () => queue.claim(15, new Date(now))),
      )
      const ids = claims.flat().map((row) => row.id)
      expect(ids).toHaveLength(40)
      expect(new Set(ids).size).toBe(40)
    })
  },
)
