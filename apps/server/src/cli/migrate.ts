/**
 * `pnpm migrate`: brings the database's schema up to date and exits, for a
 * deployment that migrates once before it starts servers and workers (the
 * server and `pnpm worker` also migrate when they start; on MySQL under a
 * named lock). Prints the migrations it ran.
 */
import { loadConfigOrExit, openRuntime, runMain } from '../bootstrap'

runMain(async () => {
  const config = loadConfigOrExit()
  const { dataSource } = await openRuntime(config)
  const ran = await dataSource.query<{ name: string }[]>(
    'SELECT name FROM schema_migrations ORDER BY id',
  )
  process.stdout.write(
    `schema up to date: ${ran.length} migrations, the last ${ran.at(-1)?.name ?? 'none'}\n`,
  )
  await dataSource.destroy()
})
