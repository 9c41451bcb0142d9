/**
 * The event worker as its own process (`pnpm worker`), for running workers
 * apart from the servers that take callbacks. Set WORKER=off on those.
 */
import {
  loadConfigOrExit,
  openRuntime,
  openWorkerDataSource,
  runMain,
} from './bootstrap'
import { createWecomServices } from './modules/worker/wecom-services'

runMain(async () => {
  const config = loadConfigOrExit()
  if (config.demo && !process.env.WECOM_API_BASE) {
    process.stderr.write(
      'in demo mode the worker needs the simulator the server started: ' +
        'set WECOM_API_BASE to the URL the server printed\n',
    )
    process.exit(2)
  }
  const { log, logger, dataSource } = await openRuntime(config)
  const workerDataSource = await openWorkerDataSource(
    config.database,
    dataSource,
  )
  const services = createWecomServices({
    config,
    dataSource: workerDataSource,
    logger,
  })
  if (!services) {
    process.stderr.write('WECOM_SECRET is required to apply events\n')
    process.exit(2)
  }
  services.worker.start()
  log.info({ apiBase: config.wecom.apiBase }, 'event worker started')

  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping')
    await services.close()
    if (workerDataSource !== dataSource) {
      await workerDataSource.destroy()
    }
    await dataSource.destroy()
    logger.flush()
    process.exit(0)
  }
  process.once('SIGINT', (signal) => void stop(signal))
  process.once('SIGTERM', (signal) => void stop(signal))
})
