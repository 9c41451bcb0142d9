import {
  DEMO_CORP_SECRET,
  createWecomSimulator,
  type WecomSimulator,
} from '@petcare/wecom-sim'
import pino from 'pino'
import type {
  DataSource,
  EntitySchema,
  FindOptionsOrder,
  ObjectLiteral,
} from 'typeorm'
import type { DatabaseConfig } from '../src/config'
import { CustomerEntity } from '../src/modules/customer/customer.entity'
import { FollowEntity } from '../src/modules/customer/follow.entity'
import { StaffEntity } from '../src/modules/directory/staff.entity'
import { CustomerGroupEntity } from '../src/modules/group/customer-group.entity'
import { GroupMemberEntity } from '../src/modules/group/group-member.entity'
import {
  createWecomServices,
  type WecomServices,
} from '../src/modules/worker/wecom-services'
import { startTestApp, type TestApp } from './test-app'

/** The server, a simulated WeCom that calls it back, and the worker. */
export interface SyncHarness {
  app: TestApp
  sim: WecomSimulator
  services: WecomServices
  /** Moves the simulator's clock (all its event times) forward. */
  advance(seconds: number): void
  /** Applies every stored event. */
  drain(): Promise<number>
  close(): Promise<void>
}

/**
 * Starts the app on `database`, then a simulator that sends its callbacks
 * to it, then the WeCom services pointed at the simulator. The worker does
 * not run by itself: tests call `drain()`.
 */
export async function startSyncHarness(
  database: DatabaseConfig,
): Promise<SyncHarness> {
  let clock = Date.now()
  const app = await startTestApp({
    database,
    now: () => clock,
    // The simulator may sign with the wall clock while tests move theirs.
    env: { WECOM_CALLBACK_MAX_AGE: '0' },
  })
  const sim = await createWecomSimulator({
    callbackUrl: app.callbackUrl,
    now: () => clock,
    callbackRetryDelayMs: 10,
  })
  const config = {
    ...app.config,
    wecom: { ...app.config.wecom, apiBase: sim.url, secret: DEMO_CORP_SECRET },
  }
  const services = createWecomServices({
    config,
    dataSource: app.dataSource,
    logger: pino({ level: 'silent' }),
    worker: { now: () => clock, backoffMs: 1000, maxAttempts: 3 },
  })!
  return {
    app,
    sim,
    services,
    advance(seconds) {
      clock += seconds * 1000
    },
    drain: () => services.worker.drain(),
    async close() {
      await sim.close()
      await app.close()
    },
  }
}

/**
 * The tables the worker keeps true, in a stable order and without the
 * columns that record when a row was written.
 */
export async function snapshotTables(dataSource: DataSource) {
  const rows = async <T extends ObjectLiteral>(
    entity: EntitySchema<T>,
    order: FindOptionsOrder<T>,
  ) =>
    (await dataSource.getRepository(entity).find({ order })).map(
      ({ updatedAt: _updatedAt, ...row }) => row,
    )
  return {
    customers: await rows(CustomerEntity, { externalUserId: 'ASC' }),
    follows: await rows(FollowEntity, { userId: 'ASC', externalUserId: 'ASC' }),
    staff: await rows(StaffEntity, { userId: 'ASC' }),
    groups: await rows(CustomerGroupEntity, { chatId: 'ASC' }),
    members: await rows(GroupMemberEntity, {
      chatId: 'ASC',
      memberId: 'ASC',
      joinTime: 'ASC',
    }),
  }
}
