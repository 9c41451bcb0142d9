/**
 * Writes the `bench:console` dataset into a freshly migrated database, as
 * `sidebar-load.ts` does for the sidebar's (that loader is bound to the
 * sidebar's generator, so its approach is repeated here rather than its
 * code called): on SQLite one better-sqlite3 connection with a prepared
 * statement per table and no journal, on MariaDB multi-row INSERTs of a
 * few MB each, two in flight so the server inserts while the next batch is
 * generated.
 *
 * A table `bench_console_meta` says which dataset a database holds; it is
 * written last, so a load cut short is never taken for a finished one.
 */
import { rmSync } from 'node:fs'
import { createConnection, escape, type Connection } from 'mysql2/promise'
import type { DatabaseConfig } from '../src/config'
import { createDataSource, openDatabase } from '../src/db/data-source'
import { setLocalAccount } from '../src/modules/auth/local-accounts'
import { nextMonth, refreshRepurchase } from '../src/modules/console/repurchase'
import {
  ConsoleDataset,
  FIRST_MONTH,
  LAST_MONTH,
  type DatasetOptions,
} from './console-data'
import type { TableSpec, Value } from './sidebar-data'
import { Sqlite, type SqliteStatement } from './sqlite-handle'

/** Bump when the generator changes, so older datasets are rebuilt. */
export const DATASET_VERSION = 2

/** The local console account the bench signs in with (head office). */
export const ADMIN = { username: 'bench-admin', password: 'bench-console-1' }

export interface RegionAdminInfo {
  userId: string
  regionId: string
  hospitals: number
}

export interface DatasetInfo extends DatasetOptions {
  version: number
  /** Seconds the generation and load took. */
  seconds: number
  builtAt: string
  rows: Record<string, number>
  /** Seconds the first count of the repurchase cohorts took. */
  cohortSeconds: number
  regionAdmins: RegionAdminInfo[]
  /** Mean bytes of a visit's text and JSON columns. */
  visitTextBytes: number
}

const META = 'bench_console_meta'
const STEP = 20_000

function wanted(info: DatasetInfo | null, options: DatasetOptions): boolean {
  return (
    info !== null &&
    info.version === DATASET_VERSION &&
    info.events === options.events &&
    info.customers === options.customers &&
    info.visits === options.visits &&
    info.seed === options.seed
  )
}

/**
 * Counts every month's repurchase cohorts, as the record import does for
 * the months it touches; the seconds it took.
 */
async function countCohorts(
  database: DatabaseConfig,
  log: (line: string) => void,
): Promise<number> {
  const started = process.hrtime.bigint()
  const dataSource = createDataSource(database)
  await openDatabase(dataSource)
  const months: string[] = []
  for (let m = FIRST_MONTH; m <= LAST_MONTH; m = nextMonth(m)) {
    months.push(m)
  }
  await refreshRepurchase(dataSource, months)
  await dataSource.destroy()
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  log(
    `  repurchase cohorts of ${months.length} months counted in ${seconds.toFixed(1)} s`,
  )
  return seconds
}

/**
 * Runs the migrations on an empty database, as the server would, and
 * creates the local admin the bench signs in with.
 */
async function migrate(database: DatabaseConfig): Promise<void> {
  const dataSource = createDataSource(database)
  await openDatabase(dataSource)
  await setLocalAccount(dataSource, ADMIN.username, ADMIN.password)
  await dataSource.destroy()
}

/**
 * Feeds the whole dataset to `emit`, calling `between` after every step
 * (where the loaders commit and send) with a progress line now and then.
 */
async function generate(
  options: DatasetOptions,
  emit: (table: TableSpec, row: Value[]) => void,
  between: (done: string | null) => Promise<void> | void,
): Promise<
  Omit<DatasetInfo, 'version' | 'seconds' | 'builtAt' | 'cohortSeconds'>
> {
  const rows: Record<string, number> = {}
  const counted = (table: TableSpec, row: Value[]) => {
    rows[table.name] = (rows[table.name] ?? 0) + 1
    emit(table, row)
  }
  const dataset = new ConsoleDataset(options)
  dataset.directory(counted)
  await between(null)
  // About five progress lines per phase.
  const every = (total: number) => Math.max(1, Math.round(total / STEP / 5))
  for (let n = 1; !dataset.followChangesDone; n++) {
    dataset.nextFollowChanges(STEP, counted)
    await between(
      n % every(options.events) === 0
        ? `${Math.min(n * STEP, options.events)} of ${options.events} follow changes`
        : null,
    )
  }
  dataset.customers(counted)
  await between(`${options.customers} hospital customers`)
  for (let n = 1; !dataset.visitsDone; n++) {
    dataset.nextVisits(STEP, counted)
    await between(
      n % every(options.visits) === 0
        ? `${Math.min(n * STEP, options.visits)} of ${options.visits} visits`
        : null,
    )
  }
  return {
    ...options,
    rows,
    regionAdmins: dataset.regionAdmins,
    visitTextBytes: Math.round(
      dataset.visitTextBytes / Math.max(1, options.visits),
    ),
  }
}

function finish(
  generated: Awaited<ReturnType<typeof generate>>,
  started: bigint,
  cohortSeconds: number,
): DatasetInfo {
  return {
    ...generated,
    cohortSeconds,
    version: DATASET_VERSION,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    builtAt: new Date().toISOString(),
  }
}

// ------------------------------------------------------------------ SQLite

export function readSqliteInfo(path: string): DatasetInfo | null {
  try {
    const db = new Sqlite(path, { readonly: true, fileMustExist: true })
    try {
      const row = db.prepare(`SELECT v FROM ${META} WHERE k = 'dataset'`).get()
      return row ? (JSON.parse((row as { v: string }).v) as DatasetInfo) : null
    } finally {
      db.close()
    }
  } catch {
    return null
  }
}

/**
 * The dataset in the SQLite file at `path`: the one there when it is the
 * one asked for (and not `fresh`), else a new one.
 */
export async function ensureSqlite(
  path: string,
  options: DatasetOptions,
  fresh: boolean,
  log: (line: string) => void,
): Promise<{ info: DatasetInfo; built: boolean }> {
  const found = readSqliteInfo(path)
  if (!fresh && wanted(found, options)) {
    return { info: found!, built: false }
  }
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    rmSync(`${path}${suffix}`, { force: true })
  }
  const started = process.hrtime.bigint()
  await migrate({ kind: 'sqlite', path })

  const db = new Sqlite(path)
  // A load that fails is thrown away and redone, so it needs no journal
  // and no fsync; the server gets its WAL back below.
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  db.pragma('cache_size = -1000000')
  db.pragma('locking_mode = EXCLUSIVE')
  const statements = new Map<string, SqliteStatement>()
  const statementFor = (table: TableSpec) => {
    let statement = statements.get(table.name)
    if (!statement) {
      statement = db.prepare(
        `INSERT INTO ${table.name} (${table.columns.join(', ')})
         VALUES (${table.columns.map(() => '?').join(', ')})`,
      )
      statements.set(table.name, statement)
    }
    return statement
  }
  db.exec('BEGIN')
  const generated = await generate(
    options,
    (table, row) => statementFor(table).run(row),
    (done) => {
      db.exec('COMMIT')
      if (done) {
        log(`  SQLite: ${done}`)
      }
      db.exec('BEGIN')
    },
  )
  db.exec('COMMIT')
  // The planner's statistics, as a long-running database would have them
  // (the server runs `PRAGMA optimize` rarely, if ever; ANALYZE is what
  // an operator would run after a bulk import).
  db.exec('ANALYZE')
  db.pragma('locking_mode = NORMAL')
  db.pragma('journal_mode = WAL')
  db.close()
  const cohortSeconds = await countCohorts({ kind: 'sqlite', path }, log)
  const info = finish(generated, started, cohortSeconds)
  const meta = new Sqlite(path)
  meta.exec(`CREATE TABLE ${META} (k TEXT PRIMARY KEY, v TEXT NOT NULL)`)
  meta
    .prepare(`INSERT INTO ${META} (k, v) VALUES ('dataset', ?)`)
    .run(JSON.stringify(info))
  meta.close()
  return { info, built: true }
}

// ----------------------------------------------------------------- MariaDB

export async function readMysqlInfo(
  serverUrl: string,
  name: string,
): Promise<DatasetInfo | null> {
  const connection = await createConnection({ uri: serverUrl })
  try {
    const [rows] = await connection.query(
      `SELECT v FROM \`${name}\`.${META} WHERE k = 'dataset'`,
    )
    const row = (rows as { v: string }[])[0]
    return row ? (JSON.parse(row.v) as DatasetInfo) : null
  } catch {
    return null
  } finally {
    await connection.end()
  }
}

/**
 * Runs a statement again when MariaDB chose it as a deadlock's victim: two
 * batches of follow changes update the same members' weekly rows (the
 * trigger) in different orders. The victim was rolled back whole.
 */
async function withDeadlockRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      if ((error as { errno?: number }).errno !== 1213 || attempt >= 5) {
        throw error
      }
    }
  }
}

/** A statement's worth of rows: well under max_allowed_packet (16 MB). */
const STATEMENT_BYTES = 4 * 1024 * 1024

export async function ensureMysql(
  serverUrl: string,
  url: string,
  name: string,
  options: DatasetOptions,
  fresh: boolean,
  log: (line: string) => void,
): Promise<{ info: DatasetInfo; built: boolean }> {
  const found = await readMysqlInfo(serverUrl, name)
  if (!fresh && wanted(found, options)) {
    return { info: found!, built: false }
  }
  const started = process.hrtime.bigint()
  const admin = await createConnection({ uri: serverUrl })
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``)
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`)
  await admin.end()
  await migrate({ kind: 'mysql', url })

  // Two connections: one statement is inserted while the next is built.
  const connections: Connection[] = []
  for (let i = 0; i < 2; i++) {
    const connection = await createConnection({ uri: url, charset: 'utf8mb4' })
    await connection.query('SET SESSION unique_checks = 0')
    connections.push(connection)
  }
  const idle = [...connections]
  const inFlight = new Set<Promise<void>>()
  let failure: unknown = null
  const send = async (sql: string) => {
    while (idle.length === 0) {
      await Promise.race(inFlight)
    }
    if (failure) {
      throw failure
    }
    const connection = idle.pop()!
    const done: Promise<void> = withDeadlockRetry(() => connection.query(sql))
      .then(
        () => undefined,
        (error: unknown) => {
          failure = error
        },
      )
      .finally(() => {
        inFlight.delete(done)
        idle.push(connection)
      })
    inFlight.add(done)
  }

  const buffers = new Map<string, { table: TableSpec; parts: string[] }>()
  let bytes = 0
  const pending: string[] = []
  const flush = (table: TableSpec) => {
    const buffer = buffers.get(table.name)
    if (buffer && buffer.parts.length > 0) {
      pending.push(
        `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${buffer.parts.join(',')}`,
      )
      buffer.parts = []
    }
  }
  const generated = await generate(
    options,
    (table, row) => {
      let buffer = buffers.get(table.name)
      if (!buffer) {
        buffer = { table, parts: [] }
        buffers.set(table.name, buffer)
      }
      const tuple = `(${row.map((value) => (value === null ? 'NULL' : typeof value === 'number' ? String(value) : escape(value))).join(',')})`
      buffer.parts.push(tuple)
      // UTF-16 length × 2 overestimates the UTF-8 bytes of Chinese by a
      // third: a safe bound on the packet.
      bytes += tuple.length * 2
      if (bytes >= STATEMENT_BYTES) {
        // One statement per table; each is its own transaction (autocommit).
        for (const { table: spec } of buffers.values()) {
          flush(spec)
        }
        bytes = 0
      }
    },
    async (done) => {
      while (pending.length > 0) {
        await send(pending.shift()!)
      }
      if (done) {
        log(`  MariaDB: ${done}`)
      }
    },
  )
  for (const { table } of buffers.values()) {
    flush(table)
  }
  for (const sql of pending) {
    await send(sql)
  }
  await Promise.all(inFlight)
  if (failure) {
    throw failure
  }
  // Persistent statistics are sampled as tables grow; taking them now
  // gives the same plans on every run, as a long-running server would.
  await connections[0]!.query(
    'ANALYZE TABLE follow_change, visit, hospital_customer, staff, hospital, region',
  )
  const cohortSeconds = await countCohorts({ kind: 'mysql', url }, log)
  await connections[0]!.query('ANALYZE TABLE follow_week, repurchase_month')
  const info = finish(generated, started, cohortSeconds)
  await connections[0]!.query(
    `CREATE TABLE ${META} (k VARCHAR(32) NOT NULL PRIMARY KEY, v TEXT NOT NULL)`,
  )
  await connections[0]!.query(
    `INSERT INTO ${META} (k, v) VALUES ('dataset', ?)`,
    [JSON.stringify(info)],
  )
  await Promise.all(connections.map((c) => c.end()))
  return { info, built: true }
}
