/**
 * The simulator in its own process for the worker benchmark, as WeCom is
 * remote in production; no frequency limit, so the worker is what is measured.
 */
import { createWecomSimulator } from '@petcare/wecom-sim'

async function main(): Promise<void> {
  const sim = await createWecomSimulator({
    port: Number(process.env.PORT ?? 0),
    requestsPerMinute: 1_000_000_000,
  })
  process.stdout.write(`${sim.url}\n`)
  process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)))
}

void main()
