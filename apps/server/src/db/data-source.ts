import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { DataSource, type DataSourceOptions } from 'typeorm'
import type { DatabaseConfig } from '../config'
import { CustomerEntity } from '../modules/customer/customer.entity'
import { FollowEntity } from '../modules/customer/follow.entity'
import { DepartmentEntity } from '../modules/directory/department.entity'
import { StaffEntity } from '../modules/directory/staff.entity'
import { CustomerGroupEntity } from '../modules/group/customer-group.entity'
import { GroupMemberEntity } from '../modules/group/group-member.entity'
import { WecomTokenEntity } from '../modules/wecom-api/wecom-token.entity'
import { WecomEventEntity } from '../modules/wecom-callback/wecom-event.entity'
import { CreateWecomEvent1764806400000 } from './migrations/1764806400000-create-wecom-event'
import { CreateWecomDirectory1764892800000 } from './migrations/1764892800000-create-wecom-directory'
import { CreatePetRecord1764979200000 } from './migrations/1764979200000-create-pet-record'
import { CreateCareTools1765065600000 } from './migrations/1765065600000-create-care-tools'
import { CreateConsole1765152000000 } from './migrations/1765152000000-create-console'
import { OneLiveBinding1765238400000 } from './migrations/1765238400000-one-live-binding'
import { CreateConsoleTasks1765324800000 } from './migrations/1765324800000-create-console-tasks'
import { CreateMoments1765411200000 } from './migrations/1765411200000-create-moments'
import { QuickReplyMedia1765497600000 } from './migrations/1765497600000-quick-reply-media'
import { FollowWeek1765584000000 } from './migrations/1765584000000-follow-week'
import { RepurchaseMonth1765627200000 } from './migrations/1765627200000-repurchase-month'
import { FollowChangeRemovals1765641600000 } from './migrations/1765641600000-follow-change-removals'
import {
  LocalAccountEntity,
  RegionTargetEntity,
} from '../modules/console/console.entity'
import { FollowChangeEntity } from '../modules/customer/follow-change'
import { MomentPostEntity } from '../modules/moments/moment-post.entity'
import {
  CareProtocolOverrideEntity,
  FollowUpNoteEntity,
  QuickReplyEntity,
} from '../modules/sidebar/care-tools.entity'
import {
  DewormingEntity,
  VaccinationEntity,
  VisitEntity,
} from '../modules/record/clinical.entity'
import { HospitalEntity, RegionEntity } from '../modules/record/hospital.entity'
import {
  CustomerBindingEntity,
  HospitalCustomerEntity,
} from '../modules/record/hospital-customer.entity'
import {
  CareFlagEntity,
  PetAlertEntity,
  PetEntity,
  PetWeightEntity,
} from '../modules/record/pet.entity'
import { RecordAuditEntity } from '../modules/record/record-audit.entity'
import { SnakeNamingStrategy } from './naming'

export const ENTITIES = [
  WecomEventEntity,
  WecomTokenEntity,
  DepartmentEntity,
  StaffEntity,
  CustomerEntity,
  FollowEntity,
  CustomerGroupEntity,
  GroupMemberEntity,
  RegionEntity,
  HospitalEntity,
  HospitalCustomerEntity,
  CustomerBindingEntity,
  PetEntity,
  PetWeightEntity,
  PetAlertEntity,
  CareFlagEntity,
  VaccinationEntity,
  DewormingEntity,
  VisitEntity,
  RecordAuditEntity,
  FollowUpNoteEntity,
  QuickReplyEntity,
  CareProtocolOverrideEntity,
  FollowChangeEntity,
  RegionTargetEntity,
  LocalAccountEntity,
  MomentPostEntity,
]
export const MIGRATIONS = [
  CreateWecomEvent1764806400000,
  CreateWecomDirectory1764892800000,
  CreatePetRecord1764979200000,
  CreateCareTools1765065600000,
  CreateConsole1765152000000,
  OneLiveBinding1765238400000,
  CreateConsoleTasks1765324800000,
  CreateMoments1765411200000,
  QuickReplyMedia1765497600000,
  FollowWeek1765584000000,
  RepurchaseMonth1765627200000,
  FollowChangeRemovals1765641600000,
]

/** Which dialect a data source speaks, for the few queries that differ. */
export type Dialect = 'sqlite' | 'mysql'

export function dialectOf(dataSource: DataSource): Dialect {
  return dataSource.options.type === 'mysql' ? 'mysql' : 'sqlite'
}

/**
 * A time as TypeORM stores it in SQLite (UTC, `YYYY-MM-DD HH:MM:SS.SSS`), for
 * the few raw queries that compare times.
 */
export function toSqliteDatetime(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 23)
}

/**
 * A time as a raw query's parameter: mysql2 takes a Date, and SQLite
 * compares TypeORM's text form.
 */
export function sqlTime(dataSource: DataSource, date: Date): Date | string {
  return dialectOf(dataSource) === 'mysql' ? date : toSqliteDatetime(date)
}

/**
 * A time a raw query read back: a Date from mysql2, or from SQLite the UTC
 * text TypeORM wrote (`YYYY-MM-DD HH:MM:SS.SSS`).
 */
export function readSqlTime(value: Date | string): Date {
  if (value instanceof Date) {
    return value
  }
  return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`)
}

/**
 * Creates (but does not open) the data source for a configured database.
 * SQLite runs in WAL mode with `synchronous = FULL` by default, so a
 * committed event survives a power cut, not only a crash.
 */
export function createDataSource(
  database: DatabaseConfig,
  options: {
    /**
     * `replayable` is for writers of derived rows only (the worker): on
     * SQLite their commits skip the fsync. A power cut may then undo the
     * last derived writes and `done` marks together; the events themselves
     * stay (their inserts use a durable connection) and are applied again.
     */
    durability?: 'durable' | 'replayable'
  } = {},
): DataSource {
  const synchronous = options.durability === 'replayable' ? 'NORMAL' : 'FULL'
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
  } satisfies Partial<DataSourceOptions>

  if (database.kind === 'sqlite') {
    const inMemory = database.path === ':memory:'
    const path = inMemory ? database.path : resolve(database.path)
    if (!inMemory) {
      mkdirSync(dirname(path), { recursive: true })
    }
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: path,
      prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
        db.pragma('journal_mode = WAL')
        db.pragma(`synchronous = ${synchronous}`)
        // Waiting for a lock blocks the event loop (better-sqlite3 is
        // synchronous): give up well within WeCom's 5 s, answer 503, and
        // let WeCom's retry land.
        db.pragma('busy_timeout = 2000')
        db.pragma('foreign_keys = ON')
      },
    })
  }

  return new DataSource({
    ...common,
    type: 'mysql',
    url: database.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: 5_000,
    poolSize: 10,
    extra: {
      // mysql2 otherwise captures a stack trace for every query, to point a
      // failed query's error at its caller: about 5 % of a busy worker's CPU.
      // Errors still name the statement and its MySQL code.
      trace: false,
    },
  })
}

/** How long a process waits for another one's migrations, in seconds. */
const MIGRATION_LOCK_WAIT_S = 60

/**
 * Opens the data source and brings its schema up to date. On MySQL the
 * migrations run under a named lock (one per database), so processes that
 * start together (servers, `pnpm worker`s) run each pending migration once:
 * without it two of them could both see a migration pending and the second
 * fail on "Duplicate column" or "already exists".
 * @throws {Error} when another process has held the lock for a minute
 */
export async function openDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.initialize()
  if (dialectOf(dataSource) !== 'mysql') {
    // SQLite has no named locks: processes sharing one file (a server and
    // a `pnpm worker`) should still be started one after the other.
    await dataSource.runMigrations({ transaction: 'each' })
    return
  }
  await withMigrationLock(dataSource, () =>
    dataSource.runMigrations({ transaction: 'each' }),
  )
}

/**
 * Runs `work` while holding MySQL's named lock for this database's
 * migrations. GET_LOCK belongs to a session, so it is taken and released on
 * one connection of its own; the migrations run on others.
 */
async function withMigrationLock<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner()
  try {
    // Lock names are at most 64 characters; a longer one is cut, which can
    // only make two databases wait for each other.
    const name = "LEFT(CONCAT('petcare_migrations.', DATABASE()), 64)"
    const [row] = (await runner.query(`SELECT GET_LOCK(${name}, ?) AS taken`, [
      MIGRATION_LOCK_WAIT_S,
    ])) as { taken: number | string | null }[]
    if (Number(row?.taken) !== 1) {
      throw new Error(
        `another process held the migration lock for ${MIGRATION_LOCK_WAIT_S} s`,
      )
    }
    try {
      return await work()
    } finally {
      await runner.query(`SELECT RELEASE_LOCK(${name})`)
    }
  } finally {
    await runner.release()
  }
}
