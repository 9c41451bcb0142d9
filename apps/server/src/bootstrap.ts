import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { DataSource } from 'typeorm'
import {
  ConfigError,
  loadConfig,
  type Config,
  type DatabaseConfig,
} from './config'
import { createDataSource, openDatabase } from './db/data-source'
import { createLogger, moduleLogger, type Logger } from './logger'

/** The repository's `.env`, if there is one; the environment wins over it. */
const DOT_ENV = resolve(__dirname, '../../../.env')

/**
 * Reads the configuration of a server, worker or CLI process; on a bad
 * value prints one line per problem and exits with status 2.
 */
export function loadConfigOrExit(): Config {
  if (existsSync(DOT_ENV)) {
    process.loadEnvFile(DOT_ENV)
  }
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(2)
    }
    throw error
  }
}

/** What every process starts with: its logger and an open, migrated database. */
export interface Runtime {
  logger: Logger
  log: Logger
  dataSource: DataSource
}

export async function openRuntime(config: Config): Promise<Runtime> {
  const logger = createLogger(config.log)
  const log = moduleLogger(logger, 'main')
  if (config.demo) {
    log.warn(
      { corpId: config.wecom.corpId },
      'DEMO MODE: no WECOM_* configured; running on the built-in demo corp. ' +
        'Never expose this server to WeCom or the internet.',
    )
  }
  const dataSource = createDataSource(config.database)
  await openDatabase(dataSource)
  log.info({ database: config.database.kind }, 'database ready')
  return { logger, log, dataSource }
}

/**
 * The worker's connection. On SQLite, a second connection of its own: its
 * writes skip the fsync (they can be replayed from the event store), and
 * they never share a transaction with the callback inserts. On MySQL the
 * pool is shared.
 */
export async function openWorkerDataSource(
  database: DatabaseConfig,
  dataSource: DataSource,
): Promise<DataSource> {
  if (database.kind !== 'sqlite' || database.path === ':memory:') {
    return dataSource
  }
  const worker = createDataSource(database, { durability: 'replayable' })
  await worker.initialize()
  return worker
}

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits. Ctrl-C can reach the
 * process twice (directly, and relayed by npm or tsx): the stop under way is
 * not cut short by the second signal.
 */
export function stopOnSignals(
  runtime: Pick<Runtime, 'log' | 'logger'>,
  stop: () => Promise<void>,
): void {
  let stopping = false
  const onSignal = (signal: string) => {
    if (stopping) {
      return
    }
    stopping = true
    runtime.log.info({ signal }, 'stopping')
    void stop().then(() => {
      runtime.log.info('stopped')
      // Let the log transport write its last lines, then go, even if some
      // handle would keep the process alive.
      runtime.logger.flush()
      setTimeout(() => process.exit(0), 200).unref()
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

/** Runs `main`, printing a start-up failure plainly and exiting 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`failed to start: ${String(error)}\n`)
    if (error instanceof Error && error.stack) {
      process.stderr.write(`${error.stack}\n`)
    }
    process.exit(1)
  })
}
