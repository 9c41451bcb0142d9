import type { Server } from 'node:http'
import { createApp } from './app'
import {
  loadConfigOrExit,
  openRuntime,
  runMain,
  stopOnSignals,
} from './bootstrap'
import { openDemo, replayDemoHistory, startDemoSimulator } from './demo'
import { moduleLogger, type Logger } from './logger'
import { ensureInitialAdmin } from './modules/auth/local-accounts'
import { StaffEntity } from './modules/directory/staff.entity'
import {
  bindDemoCustomers,
  importDemoRecords,
} from './modules/record/import/demo-records'
import { seedDemoQuickReplies } from './modules/sidebar/demo-quick-replies'
import {
  openWecomServices,
  type WecomServices,
} from './modules/worker/wecom-services'

async function main(): Promise<void> {
  const config = loadConfigOrExit()
  const { logger, log, dataSource } = await openRuntime(config)

  if (await ensureInitialAdmin(dataSource, config.adminInitialPassword)) {
    log.info('local console account admin created')
  }
  const demo = config.demo ? await openDemo(dataSource, log) : null
  if (demo) {
    await importDemoRecords(dataSource, log, demo.today)
    await bindDemoCustomers(dataSource)
    await seedDemoQuickReplies(dataSource)
  }

  // Demo mode talks to a simulated WeCom, started here unless
  // WECOM_API_BASE points at one already.
  const simulator =
    demo && !process.env.WECOM_API_BASE
      ? await startDemoSimulator(config.port, demo.today)
      : null
  if (simulator) {
    config.wecom.apiBase = simulator.url
    config.wecom.oauthBase = simulator.url
    moduleLogger(logger, 'wecom-sim').info(
      { url: simulator.url, admin: `${simulator.url}/sim` },
      'WeCom simulator listening',
    )
  }

  const app = createApp({ config, dataSource, logger })
  const { koa, store } = app
  const services = await openWecomServices({ config, dataSource, logger })
  const server = koa.listen(config.port, config.host)
  // WeCom gives up after 5 s; a client slower than this is not WeCom, and
  // must not hold a connection (or a graceful stop) for Node's 5 minutes.
  server.headersTimeout = 10_000
  server.requestTimeout = 15_000
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      process.stderr.write(
        `port ${config.port} is already in use: stop what holds it, ` +
          `or choose another port, e.g. PORT=${config.port + 1} npm start\n`,
      )
      process.exit(1)
    }
    throw error
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
    // A first start has no members to sign in or customers to show:
    // re-sync at once rather than in a minute.
    const empty = (await dataSource.getRepository(StaffEntity).count()) === 0
    scheduleResync(services, config.worker.resyncHours, log, empty)
    log.info({ apiBase: config.wecom.apiBase }, 'event worker started')
  } else if (!services) {
    log.warn('no WECOM_SECRET: events are stored but not applied')
  }
  // A first demo start learns the corp's ended relations as WeCom sent
  // them; a re-sync only sees the relations that stand.
  if (simulator && demo?.replayHistory) {
    void replayDemoHistory(simulator, log).catch((error: unknown) =>
      log.error({ err: error }, 'demo history replay failed'),
    )
  }

  stopOnSignals({ log, logger }, async () => {
    simulator?.callbacks.stop()
    await closeServer(server)
    await services?.close()
    await simulator?.close()
    app.close()
    await store.flush()
    await dataSource.destroy()
  })
}

/**
 * A full re-sync every `hours` (the first one after a minute, or at once on
 * an empty database), never two at once.
 */
function scheduleResync(
  services: WecomServices,
  hours: number,
  log: Logger,
  now: boolean,
): void {
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
  if (now) {
    void run()
  }
  if (hours > 0) {
    if (!now) {
      setTimeout(() => void run(), 60_000).unref()
    }
    setInterval(() => void run(), hours * 3_600_000).unref()
  }
}

/**
 * Stops taking connections and lets requests in flight finish, for at most
 * five seconds: a container is killed about ten seconds after SIGTERM.
 */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections()
    setTimeout(() => server.closeAllConnections(), 5_000).unref()
  })
}

runMain(main)
