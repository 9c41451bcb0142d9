/**
 * Processes that start together on a database with pending migrations
 * (servers and `pnpm worker`s after a deploy) each open it and migrate it:
 * on MySQL they must take turns, or the second to run a migration fails on
 * "Duplicate column" or "already exists".
 */
import type { DataSource } from 'typeorm'
import {
  createDataSource,
  MIGRATIONS,
  openDatabase,
} from '../src/db/data-source'
import { databaseTargets, type TestDatabase } from './databases'

const MIGRATORS = 4

const mysql = databaseTargets().find((target) => target.name === 'mysql')

;(mysql ? describe : describe.skip)('openDatabase on MySQL', () => {
  let database: TestDatabase
  let dataSources: DataSource[] = []

  beforeEach(async () => {
    database = await mysql!.create()
  })

  afterEach(async () => {
    await Promise.all(
      dataSources.filter((ds) => ds.isInitialized).map((ds) => ds.destroy()),
    )
    dataSources = []
    await database.drop()
  })

  it(`migrates a fresh database once when ${MIGRATORS} processes open it at the same time`, async () => {
    dataSources = Array.from({ length: MIGRATORS }, () =>
      createDataSource(database.config),
    )
    const results = await Promise.allSettled(dataSources.map(openDatabase))

    expect(
      results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')),
    ).toEqual(Array(MIGRATORS).fill('ok'))
    const applied = (await dataSources[0]!.query(
      'SELECT name FROM schema_migrations ORDER BY id',
    )) as { name: string }[]
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name))
  })
})
