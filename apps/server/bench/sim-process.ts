/**
 * The simulator in its own process for the worker benchmark, as WeCom is
 * remote in production; no frequency limit, so the worker is what is measured.
 *
 * Prints its URL on the first line. When started with an IPC channel, it
 * answers the message 'calls' with the API calls it has answered per path:
 * one look-up per applied event, so the benchmark can tell an event applied
 * twice (two look-ups) from one applied once.
 */
import { createWecomSimulator } from '@petcare/wecom-sim'

async function main(): Promise<void> {
  const sim = await createWecomSimulator({
    port: Number(process.env.PORT ?? 0),
    requestsPerMinute: 1_000_000_000,
  })
  // Every API call asks the fault injector first, whatever its path: the one
  // place the simulator lets us count calls without a proxy in the way.
  const calls: Record<string, number> = {}
  const take = sim.faults.take.bind(sim.faults)
  sim.faults.take = (path: string) => {
    calls[path] = (calls[path] ?? 0) + 1
    return take(path)
  }
  process.on('message', (message) => {
    if (message === 'calls') {
      process.send?.({ calls })
    }
  })
  // The benchmark went away (it crashed or was killed): do not linger.
  process.on('disconnect', () => process.exit(0))
  process.stdout.write(`${sim.url}\n`)
  process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)))
}

void main()
