/**
 * `pnpm wecom:sim [--port 3100] [--callback-url <url>] [--seed 1]`: runs the
 * WeCom simulator until Ctrl-C.
 */
import { parseArgs } from 'node:util'
import { isLocalDate } from '@petcare/domain'
import { ADMIN_PATHS, createWecomSimulator } from '../sim'

const USAGE = `Usage: pnpm wecom:sim [options]

Options:
  --port <n>           port to listen on, on 127.0.0.1 (default 3100)
  --callback-url <url> the product's callback URL
                       (default http://127.0.0.1:3000/wecom/callback)
  --no-callbacks       log changes without sending callbacks
  --seed <n>           the seed of the simulated corp (default 1)
  --today <YYYY-MM-DD> the day its history leads up to (default today, in
                       China); a demo database keeps the day it began on
  --replay-history     send the corp's ended relations as callbacks at start
  -h, --help           this text`

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3100' },
    'callback-url': {
      type: 'string',
      default: 'http://127.0.0.1:3000/wecom/callback',
    },
    'no-callbacks': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    today: { type: 'string' },
    'replay-history': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`)
  process.exit(2)
}

function integer(name: 'port' | 'seed', min: number, max: number): number {
  const value = Number(values[name])
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(`--${name} must be an integer from ${min} to ${max}`)
  }
  return value
}

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const port = integer('port', 0, 65_535)
  const seed = integer('seed', 0, 2 ** 32 - 1)
  const callbackUrl = values['no-callbacks'] ? null : values['callback-url']
  if (values.today !== undefined && !isLocalDate(values.today)) {
    fail('--today must be a date, YYYY-MM-DD')
  }

  const sim = await createWecomSimulator({
    port,
    seed,
    today: values.today,
    callbackUrl,
    onCallback: (delivery) => {
      const last = delivery.attempts.at(-1)
      const answer = last ? (last.status ?? last.error) : 'not sent'
      process.stdout.write(
        `callback ${delivery.event}/${delivery.changeType}: ` +
          `${delivery.outcome} (${answer}, ${delivery.attempts.length} tries)\n`,
      )
    },
  })
  const counts = sim.summary().counts
  process.stdout.write(
    [
      `WeCom simulator on ${sim.url} (seed ${seed})`,
      `  corp: ${sim.state.corpName}, ${counts.members} members, ` +
        `${counts.customers} customers, ${counts.groups} groups`,
      `  callbacks to: ${callbackUrl ?? '(off)'}`,
      `  corp id: ${sim.corp.corpId} (the demo corp), agent id: ${sim.corp.agentId}`,
      `  secret:  ${sim.corp.secret}`,
      '',
      'Point the server at it (demo mode: leave the other WECOM_* unset):',
      `  WECOM_API_BASE=${sim.url} WECOM_SECRET=${sim.corp.secret}`,
      '',
      'Admin API (JSON):',
      ...ADMIN_PATHS.map((path) => `  ${path}`),
      '',
      `e.g. curl -s ${sim.url}/sim/state`,
      '',
    ].join('\n'),
  )

  if (values['replay-history']) {
    const sent = await sim.replayHistory()
    const delivered = sent.filter((d) => d.outcome === 'delivered').length
    process.stdout.write(
      `history: ${delivered} of ${sent.length} callbacks delivered\n`,
    )
  }

  const stop = () => {
    sim.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  const code = (error as { code?: string }).code
  if (code === 'EADDRINUSE') {
    process.stderr.write(`port ${values.port} is in use: try --port\n`)
  } else {
    process.stderr.write(`simulator failed: ${String(error)}\n`)
  }
  process.exit(1)
})
