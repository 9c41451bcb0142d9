import { existsSync } from 'node:fs'
import type { Server } from 'node:http'
import { resolve } from 'node:path'
import { createWecomSimulator } from '@petcare/wecom-sim'
import { createApp } from './app'
import { ConfigError, loadConfig, type Config } from './config'
import { createDataSource, openDatabase } from './db/data-source'
import { createLogger, moduleLogger, type Logger } from './logger'
import {
  createWecomServices,
  type WecomServices,
} from './modules/worker/wecom-services'

/** The repository's `.env`, if there is one; the environment wins over it. */
const DOT_ENV = resolve(__dirname, '../../../.env')

async function main(): Promise<void> {
  if (existsSync(DOT_ENV)) {
    process.loadEnvFile(DOT_ENV)
  }
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(2)
    }
    throw error
  }

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

  // Demo mode talks to a simulated WeCom, started here unless
  // WECOM_API_BASE points at one already.
  const simulator =
    config.demo && !process.env.WECOM_API_BASE
      ? await createWecomSimulator({
          callbackUrl: `http://127.0.0.1:${config.port}/wecom/callback`,
        })
      : null
  if (simulator) {
    config.wecom.apiBase = simulator.url
    moduleLogger(logger, 'wecom-sim').info(
      { url: simulator.url, admin: `${simulator.url}/sim` },
      'WeCom simulator listening',
    )
  }

  const { koa, store } = createApp({ config, dataSource, logger })
  const services = createWecomServices({ config, dataSource, logger })
  const server = koa.listen(config.port, config.host)
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  log.info(
    {
      url: `http://localhost:${config.port}`,
      callback: `http://localhost:${config.port}/wecom/callback`,
      console: `http://localhost:${config.port}/console/`,
      sidebar: `http://localhost:${config.port}/sidebar/`,
    },
    'server listening',
  )

  if (services && config.worker.enabled) {
    services.worker.start()
    scheduleResync(services, config.worker.resyncHours, log)
    log.info({ apiBase: config.wecom.apiBase }, 'event worker started')
  } else if (!services) {
    log.warn('no WECOM_SECRET: events are stored but not applied')
  }

  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping')
    await closeServer(server)
    await services?.worker.stop()
    await simulator?.close()
    await store.flush()
    await dataSource.destroy()
    log.info('stopped')
    logger.flush()
    process.exit(0)
  }
  process.once('SIGINT', (signal) => void stop(signal))
  process.once('SIGTERM', (signal) => void stop(signal))
}

/** A full re-sync every `hours` (first one after a minute), never two at once. */
function scheduleResync(
  services: WecomServices,
  hours: number,
  log: Logger,
): void {
  if (hours <= 0) {
    return
  }
  let running = false
  const run = async () => {
    if (running) {
      return
    }
    running = true
    try {
      await services.resync.run()
    } catch (error) {
      log.error({ err: error }, 'resync failed')
    } finally {
      running = false
    }
  }
  setTimeout(() => void run(), 60_000).unref()
  setInterval(() => void run(), hours * 3_600_000).unref()
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections()
  })
}

main().catch((error: unknown) => {
  process.stderr.write(`server failed to start: ${String(error)}\n`)
  if (error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`)
  }
  process.exit(1)
})
