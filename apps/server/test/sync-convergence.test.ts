/**
 * Out of order, duplicated or replayed, the same events leave the same
 * tables: a property test over many random orders of one stream.
 */
import pino from 'pino'
import type { DataSource } from 'typeorm'
import { DEMO_CORP_SECRET, SimActionError } from '@petcare/wecom-sim'
import { createDataSource, openDatabase } from '../src/db/data-source'
import { EventStore } from '../src/modules/wecom-callback/event-store'
import { WecomEventEntity } from '../src/modules/wecom-callback/wecom-event.entity'
import { createWecomServices } from '../src/modules/worker/wecom-services'
import { databaseTargets, type TestDatabase } from './databases'
import {
  snapshotTables,
  startSyncHarness,
  type SyncHarness,
} from './sync-harness'

const ORDERS = 12
const ACTIONS = 40

/** A small seeded PRNG (mulberry32), so a failing order can be replayed. */
function randomFrom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!,
  }
}

/** Plays a random day at the hospital group in the simulator. */
async function playActions(h: SyncHarness, seed: number): Promise<void> {
  const random = randomFrom(seed)
  const staff = h.sim.state.members.filter((m) => !m.position.includes('总部'))
  const butlers = staff.filter((m) => m.position?.includes('管家'))
  const customers: string[] = []
  const groups: string[] = []
  const names = [
    'C10023-Moco-发烧',
    'C10045 豆豆 皮肤病',
    '豆豆家长群',
    'C10077_咪咪_复查',
    'C10080+旺财',
  ]

  for (let step = 0; step < ACTIONS; step++) {
    h.advance(10 + random.int(50))
    const roll = random.int(100)
    try {
      if (roll < 30 || customers.length === 0) {
        const existing =
          customers.length > 0 && random.next() < 0.3
            ? random.pick(customers)
            : undefined
        const added = await h.sim.addCustomer({
          userid: random.pick(butlers).userid,
          externalUserId: existing,
          welcomeCode: false,
        })
        customers.push(added.customer.externalUserId)
      } else if (roll < 45) {
        const follows = h.sim.state.follows.filter((f) =>
          customers.includes(f.externalUserId),
        )
        if (follows.length === 0) {
          continue
        }
        const follow = random.pick(follows)
        if (random.next() < 0.5) {
          await h.sim.deleteExternalContact({
            userid: follow.userid,
            externalUserId: follow.externalUserId,
          })
        } else {
          await h.sim.deleteFollowUser({
            userid: follow.userid,
            externalUserId: follow.externalUserId,
          })
        }
      } else if (roll < 60 || groups.length === 0) {
        const members = [
          random.pick(customers),
          random.pick(staff).userid,
          random.pick(staff).userid,
        ]
        const created = await h.sim.createGroupChat({
          owner: random.pick(butlers).userid,
          name: random.pick(names),
          members,
        })
        groups.push(created.group.chatId)
      } else if (roll < 70) {
        await h.sim.renameGroupChat(random.pick(groups), random.pick(names))
      } else if (roll < 80) {
        await h.sim.addGroupMembers(random.pick(groups), [
          random.pick(customers),
          random.pick(staff).userid,
        ])
      } else if (roll < 90) {
        const chatId = random.pick(groups)
        const group = h.sim.directory.group(chatId)!
        const leaving = group.members
          .filter((m) => m.userid !== group.owner)
          .map((m) => m.userid)
        if (leaving.length > 0) {
          await h.sim.removeGroupMembers(chatId, [random.pick(leaving)], {
            quitScene: random.pick([0, 1] as const),
          })
        }
      } else if (roll < 95) {
        await h.sim.dismissGroupChat(random.pick(groups))
      } else {
        const member = random.pick(staff)
        await h.sim.updateMember(member.userid, {
          position: random.pick(['爱宠管家', '护士', '执业兽医师', '前台']),
        })
      }
    } catch (error) {
      // A random action may not apply (e.g. a follow already gone); WeCom
      // refuses it too and no callback is sent.
      if (!(error instanceof SimActionError)) {
        throw error
      }
    }
  }
}

describe.each(databaseTargets().map((t) => [t.name, t] as const))(
  'applying shuffled, duplicated and replayed events on %s',
  (_name, target) => {
    let database: TestDatabase
    let h: SyncHarness

    beforeAll(async () => {
      database = await target.create()
      h = await startSyncHarness(database.config)
    })

    afterAll(async () => {
      await h?.close()
      await database?.drop()
    })

    it(`ends in the in-order state for ${ORDERS} random orders`, async () => {
      const seed = Number(process.env.CONVERGENCE_SEED ?? 20261204)
      await playActions(h, seed)
      const stored = await h.app.dataSource
        .getRepository(WecomEventEntity)
        .find({ order: { id: 'ASC' } })
      expect(stored.length).toBeGreaterThan(ACTIONS / 2)
      await h.drain()
      const inOrder = await snapshotTables(h.app.dataSource)
      expect(inOrder.follows.some((f) => f.endedAt !== null)).toBe(true)
      expect(inOrder.groups.length).toBeGreaterThan(0)

      const random = randomFrom(seed + 1)
      for (let order = 0; order < ORDERS; order++) {
        const copy = await target.create()
        const dataSource: DataSource = createDataSource(copy.config)
        try {
          await openDatabase(dataSource)
          const services = createWecomServices({
            config: {
              ...h.app.config,
              wecom: {
                ...h.app.config.wecom,
                apiBase: h.sim.url,
                secret: DEMO_CORP_SECRET,
              },
            },
            dataSource,
            logger: pino({ level: 'silent' }),
            worker: { batchSize: 1 + random.int(8) },
          })!

          // Shuffled, with a third of the events delivered twice.
          const delivery = [
            ...stored,
            ...stored.filter(() => random.next() < 0.33),
          ]
          for (let i = delivery.length - 1; i > 0; i--) {
            const j = random.int(i + 1)
            ;[delivery[i], delivery[j]] = [delivery[j]!, delivery[i]!]
          }
          const store = new EventStore(dataSource, pino({ level: 'silent' }))
          for (const {
            id: _id,
            status: _s,
            attempts: _a,
            lastError: _l,
            nextAttemptAt: _n,
            processedAt: _p,
            lockedAt: _k,
            ...row
          } of delivery) {
            await store.append(row)
            if (random.next() < 0.2) {
              await services.worker.runOnce()
            }
          }
          await services.worker.drain()

          // Replay a random half, as a re-sync or an operator's retry would.
          const events = dataSource.getRepository(WecomEventEntity)
          const all = await events.find()
          const replay = all.filter(() => random.next() < 0.5).map((e) => e.id)
          if (replay.length > 0) {
            await events.update(replay, { status: 'pending' })
          }
          await services.worker.drain()

          expect({ order, state: await snapshotTables(dataSource) }).toEqual({
            order,
            state: inOrder,
          })
          expect(await events.countBy({ status: 'done' })).toBe(stored.length)
        } finally {
          await dataSource.destroy()
          await copy.drop()
        }
      }
    }, 120_000)
  },
)
