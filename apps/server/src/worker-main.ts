/**
 * The event worker as its own process (`pnpm worker`), for running workers
 * apart from the servers that take callbacks. Set WORKER=off on those.
 */
import {
  loadConfigOrExit,
  openRuntime,
  runMain,
  stopOnSignals,
} from './bootstrap'
import { openWecomServices } from './modules/worker/wecom-services'

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
  const services = await openWecomServices({ config, dataSource, logger })
  if (!services) {
    process.stderr.write('WECOM_SECRET is required to apply events\n')
    process.exit(2)
  }
  services.worker.start()
  log.info({ apiBase: config.wecom.apiBase }, 'event worker started')

  stopOnSignals({ log, logger }, async () => {
    await services.close()
    await dataSource.destroy()
  })
})
