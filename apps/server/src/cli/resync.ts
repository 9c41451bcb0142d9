/**
 * `pnpm resync`: reads the whole corp from WeCom once and repairs the
 * customer, follow, group and staff tables; prints what it did.
 */
import { loadConfigOrExit, openRuntime, runMain } from '../bootstrap'
import { createWecomServices } from '../modules/worker/wecom-services'

runMain(async () => {
  const config = loadConfigOrExit()
  if (config.demo && !process.env.WECOM_API_BASE) {
    process.stderr.write(
      'in demo mode set WECOM_API_BASE to the simulator the server printed\n',
    )
    process.exit(2)
  }
  const { dataSource, logger } = await openRuntime(config)
  const services = createWecomServices({ config, dataSource, logger })
  if (!services) {
    process.stderr.write('WECOM_SECRET is required to re-sync\n')
    process.exit(2)
  }
  const report = await services.resync.run()
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  await dataSource.destroy()
})
