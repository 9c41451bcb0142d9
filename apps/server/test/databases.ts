import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnection } from 'mysql2/promise'
import type { DataSource } from 'typeorm'
import type { DatabaseConfig } from '../src/config'
import { createDataSource, openDatabase } from '../src/db/data-source'

/** A throwaway database for one test file. */
export interface TestDatabase {
  config: DatabaseConfig
  drop(): Promise<void>
}

export interface DatabaseTarget {
  name: 'sqlite' | 'mysql'
  create(): Promise<TestDatabase>
}

const sqlite: DatabaseTarget = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'petcare-test-'))
    return {
      config: { kind: 'sqlite', path: join(dir, 'test.sqlite') },
      async drop() {
        rmSync(dir, { recursive: true, force: true })
      },
    }
  },
}

const mysql: DatabaseTarget = {
  name: 'mysql',
  async create() {
    const serverUrl = new URL(process.env.TEST_MYSQL_URL ?? '')
    const name = `petcare_t_${process.pid}_${randomBytes(3).toString('hex')}`
    const admin = await createConnection({ uri: serverUrl.toString() })
    await admin.query(
      `CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    )
    await admin.end()

    const url = new URL(serverUrl.toString())
    url.pathname = `/${name}`
    return {
      config: { kind: 'mysql', url: url.toString() },
      async drop() {
        const connection = await createConnection({ uri: serverUrl.toString() })
        await connection.query(`DROP DATABASE IF EXISTS ${name}`)
        await connection.end()
      },
    }
  },
}

/**
 * The databases a persistence test runs on: SQLite always, MySQL when the
 * global setup found a server (always in CI, where a missing one fails).
 */
export function databaseTargets(): DatabaseTarget[] {
  return process.env.TEST_MYSQL_AVAILABLE === 'true'
    ? [sqlite, mysql]
    : [sqlite]
}

/**
 * A fresh, migrated database for each test of the calling `describe`:
 * created and opened before each test, closed and dropped after it.
 */
export function useMigratedDatabase(target: DatabaseTarget): {
  readonly dataSource: DataSource
} {
  let database: TestDatabase
  let dataSource: DataSource
  beforeEach(async () => {
    database = await target.create()
    dataSource = createDataSource(database.config)
    await openDatabase(dataSource)
  })
  afterEach(async () => {
    if (dataSource.isInitialized) {
      await dataSource.destroy()
    }
    await database.drop()
  })
  return {
    get dataSource() {
      return dataSource
    },
  }
}

/**
 * Undoes migrations, newest first, until `name` is no longer applied: the
 * schema as it was before that migration, for testing what it does to
 * data already stored.
 */
export async function undoMigrationsThrough(
  dataSource: DataSource,
  name: string,
): Promise<void> {
  for (;;) {
    const done = await dataSource.query<{ name: string }[]>(
      'SELECT name FROM schema_migrations',
    )
    if (!done.some((m) => m.name === name)) {
      return
    }
    await dataSource.undoLastMigration({ transaction: 'each' })
  }
}
