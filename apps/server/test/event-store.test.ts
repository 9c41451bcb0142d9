import { createHash } from 'node:crypto'
import pino from 'pino'
import type { DataSource } from 'typeorm'
import { createDataSource, openDatabase } from '../src/db/data-source'
import {
  EventStore,
  type NewEvent,
} from '../src/modules/wecom-callback/event-store'
import { WecomEventEntity } from '../src/modules/wecom-callback/wecom-event.entity'
import { databaseTargets, type TestDatabase } from './databases'

function buildEvent(n: number, overrides: Partial<NewEvent> = {}): NewEvent {
  const payloadXml = `<xml><N>${n}</N></xml>`
  return {
    dedupeKey: createHash('sha256').update(payloadXml).digest('hex'),
    corpId: 'wwcorp',
    agentId: null,
    event: 'change_external_contact',
    changeType: 'add_external_contact',
    updateDetail: null,
    kind: 'external_contact',
    userId: 'ZhangWei',
    externalUserId: `wm${n}`,
    chatId: null,
    createTime: 1796400000,
    receivedAt: new Date('2026-12-04T08:00:00.123Z'),
    payloadXml,
    ...overrides,
  }
}

describe.each(databaseTargets().map((t) => [t.name, t] as const))(
  'EventStore on %s',
  (_name, target) => {
    let database: TestDatabase
    let dataSource: DataSource
    let store: EventStore
    let inserts: number

    beforeEach(async () => {
      database = await target.create()
      dataSource = createDataSource(database.config)
      await openDatabase(dataSource)
      store = new EventStore(dataSource, pino({ level: 'silent' }))
      inserts = 0
      const original = dataSource.createQueryBuilder.bind(dataSource)
      jest.spyOn(dataSource, 'createQueryBuilder').mockImplementation(((
        ...args: Parameters<typeof original>
      ) => {
        inserts++
        return original(...args)
      }) as typeof original)
    })

    afterEach(async () => {
      await dataSource.destroy()
      await database.drop()
    })

    const count = () => dataSource.getRepository(WecomEventEntity).count()

    it('commits many concurrent appends in few statements', async () => {
      await Promise.all(
        Array.from({ length: 300 }, (_, n) => store.append(buildEvent(n))),
      )
      expect(await count()).toBe(300)
      expect(inserts).toBeLessThanOrEqual(3)
    })

    it('resolves an append only once its row can be read back', async () => {
      await store.append(buildEvent(1))
      const row = await dataSource
        .getRepository(WecomEventEntity)
        .findOneByOrFail({ externalUserId: 'wm1' })
      expect(row.receivedAt.toISOString()).toBe('2026-12-04T08:00:00.123Z')
      expect(row.createTime).toBe(1796400000)
    })

    it('stores a duplicate dedupe key once without an error', async () => {
      await Promise.all([
        store.append(buildEvent(7)),
        store.append(buildEvent(7)),
      ])
      await store.append(buildEvent(7))
      expect(await count()).toBe(1)
    })

    it('fails only the bad event of a batch, not its neighbours', async () => {
      const bad = buildEvent(2, { event: null as unknown as string })
      const results = await Promise.allSettled([
        store.append(buildEvent(1)),
        store.append(bad),
        store.append(buildEvent(3)),
      ])
      expect(results.map((r) => r.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
      ])
      expect(await count()).toBe(2)
    })

    it('rejects every waiting append when the database is gone', async () => {
      await dataSource.destroy()
      await expect(store.append(buildEvent(1))).rejects.toBeDefined()
      await dataSource.initialize()
      expect(await count()).toBe(0)
    })
  },
)
