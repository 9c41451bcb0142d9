import { WecomClient, type TokenStore } from '@petcare/wecom'
import {
  DEMO_CORP,
  DEMO_CORP_SECRET,
  createWecomSimulator,
  type WecomSimulator,
} from '@petcare/wecom-sim'
import { Redis } from 'ioredis'
import type { DataSource } from 'typeorm'
import { createDataSource, openDatabase } from '../src/db/data-source'
import { DatabaseTokenStore } from '../src/modules/wecom-api/db-token-store'
import { RedisTokenStore } from '../src/modules/wecom-api/redis-token-store'
import { databaseTargets, type TestDatabase } from './databases'

/** Two processes' clients on one store: the second never asks for a token. */
async function expectOneTokenForTwoClients(
  store: TokenStore,
  sim: WecomSimulator,
) {
  let tokenFetches = 0
  const counting = (async (input: URL | string, init?: RequestInit) => {
    if (String(input).includes('/cgi-bin/gettoken')) {
      tokenFetches++
    }
    return fetch(input, init)
  }) as typeof fetch
  const clientOf = () =>
    new WecomClient({
      corpId: DEMO_CORP.corpId,
      secret: DEMO_CORP_SECRET,
      apiBase: sim.url,
      tokenStore: store,
      fetch: counting,
    })

  const first = clientOf()
  const second = clientOf()
  await first.listFollowUsers()
  await second.listFollowUsers()
  await Promise.all([first.listDepartments(), second.listDepartments()])
  expect(tokenFetches).toBe(1)

  // WeCom revokes the token: one client refreshes it, the other picks it up.
  sim.tokens.revokeAll()
  await first.listFollowUsers()
  await second.listFollowUsers()
  expect(tokenFetches).toBe(2)
}

describe('shared WeCom token stores', () => {
  let sim: WecomSimulator

  beforeAll(async () => {
    sim = await createWecomSimulator()
  })

  afterAll(async () => {
    await sim.close()
  })

  describe.each(databaseTargets().map((t) => [t.name, t] as const))(
    'DatabaseTokenStore on %s',
    (_name, target) => {
      let database: TestDatabase
      let dataSource: DataSource

      beforeEach(async () => {
        database = await target.create()
        dataSource = createDataSource(database.config)
        await openDatabase(dataSource)
      })

      afterEach(async () => {
        await dataSource.destroy()
        await database.drop()
      })

      it('shares one token between clients and refreshes it once when revoked', async () => {
        await expectOneTokenForTwoClients(
          new DatabaseTokenStore(dataSource),
          sim,
        )
      })

      it('forgets a token only while it is still the stored one', async () => {
        const store = new DatabaseTokenStore(dataSource)
        await store.set('k', { value: 'new', expiresAt: Date.UTC(2030, 0, 1) })
        await store.invalidate('k', 'old')
        expect(await store.get('k')).toEqual({
          value: 'new',
          expiresAt: Date.UTC(2030, 0, 1),
        })
        await store.invalidate('k', 'new')
        expect(await store.get('k')).toBeNull()
      })
    },
  )

  const describeRedis =
    process.env.TEST_REDIS_AVAILABLE === 'true' ? describe : describe.skip
  describeRedis('RedisTokenStore', () => {
    let redis: Redis
    const prefix = `petcare-test-${process.pid}:`

    beforeEach(() => {
      redis = new Redis(process.env.TEST_REDIS_URL!)
    })

    afterEach(async () => {
      const keys = await redis.keys(`${prefix}*`)
      if (keys.length > 0) {
        await redis.del(...keys)
      }
      redis.disconnect()
    })

    it('shares one token between clients and refreshes it once when revoked', async () => {
      await expectOneTokenForTwoClients(new RedisTokenStore(redis, prefix), sim)
    })

    it('lets a token expire with it, and forgets only the same token', async () => {
      const store = new RedisTokenStore(redis, prefix)
      await store.set('short', { value: 'v1', expiresAt: Date.now() + 150 })
      expect((await store.get('short'))?.value).toBe('v1')
      await new Promise((resolve) => setTimeout(resolve, 250))
      expect(await store.get('short')).toBeNull()

      await store.set('k', { value: 'new', expiresAt: Date.now() + 60_000 })
      await store.invalidate('k', 'old')
      expect((await store.get('k'))?.value).toBe('new')
      await store.invalidate('k', 'new')
      expect(await store.get('k')).toBeNull()
    })
  })
})
