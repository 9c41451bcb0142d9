/**
 * The server `bench:sidebar` measures, in a process of its own so the load
 * generator's work is not counted in its latency: the real app (createApp)
 * configured as in production, on 127.0.0.1 at a free port, which it prints
 * on stdout. One access log line per request goes to /dev/null, as cheap as
 * a log file.
 *
 *   BENCH_DATABASE_URL  sqlite:<path> or mysql://…/<database>
 *   SESSION_SECRET      the key the bench signs its session cookies with
 *   BENCH_QUERY_LOG     a file: when set, one JSON line per SQL query (its
 *                       request, start within the request, duration) and per
 *                       request (its duration in the server), for the
 *                       breakdown; off while latency is measured
 *
 * On stdin it takes `profile start` and `profile stop <file>`: a V8 CPU
 * profile of just the calls in between, written to the file; it answers
 * `ok` on stdout.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs'
import { createServer } from 'node:http'
import { Session } from 'node:inspector/promises'
import type { AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'
import { DEMO_CORP } from '@petcare/wecom-sim'
import pino from 'pino'
import type { AfterQueryEvent, EntitySubscriberInterface } from 'typeorm'
import { createApp } from '../src/app'
import { loadConfig } from '../src/config'
import { createDataSource, openDatabase } from '../src/db/data-source'
import { loggerOptions } from '../src/logger'

interface RequestMark {
  id: number
  started: number
}

const requests = new AsyncLocalStorage<RequestMark>()
const queryLog = process.env.BENCH_QUERY_LOG
const logFd = queryLog ? openSync(queryLog, 'w') : null

function writeLine(value: object): void {
  if (logFd !== null) {
    writeSync(logFd, `${JSON.stringify(value)}\n`)
  }
}

/** Times every query as TypeORM runs it, with the request it belongs to. */
class QueryTimer implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent): void {
    const request = requests.getStore()
    const ms = event.executionTime ?? 0
    writeLine({
      req: request?.id ?? null,
      sql: event.query,
      params: event.parameters ?? [],
      start: request ? performance.now() - ms - request.started : null,
      ms,
    })
  }
}

async function main(): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: process.env.BENCH_DATABASE_URL,
    SESSION_SECRET: process.env.SESSION_SECRET,
    WECOM_CORP_ID: DEMO_CORP.corpId,
    WECOM_TOKEN: DEMO_CORP.token,
    WECOM_ENCODING_AES_KEY: DEMO_CORP.encodingAesKey,
    WECOM_AGENT_ID: DEMO_CORP.agentId,
    WORKER: 'off',
  })
  const dataSource = createDataSource(config.database)
  await openDatabase(dataSource)
  if (logFd !== null) {
    // Subscribers given as options must be decorated classes; a live one
    // can simply join the list.
    dataSource.subscribers.push(new QueryTimer())
  }
  const logger = pino(
    loggerOptions(config.log.level),
    pino.destination({ dest: '/dev/null', sync: true }),
  )
  // No WeCom client: the sidebar call does not use it, and members' sessions
  // are minted by the bench rather than signed in through OAuth.
  const app = createApp({ config, dataSource, logger, wecom: null })
  const handle = app.koa.callback()
  let nextId = 0
  const server = createServer((req, res) => {
    if (logFd === null) {
      void handle(req, res)
      return
    }
    const mark = { id: nextId++, started: performance.now() }
    res.once('finish', () =>
      writeLine({ req: mark.id, total: performance.now() - mark.started }),
    )
    requests.run(mark, () => void handle(req, res))
  })
  // As main.ts sets them.
  server.headersTimeout = 10_000
  server.requestTimeout = 15_000
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo
    process.stdout.write(`${port}\n`)
  })
  const inspector = new Session()
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, file] = line.trim().split(/\s+/, 3).slice(1)
    void (async () => {
      if (command === 'start') {
        inspector.connect()
        await inspector.post('Profiler.enable')
        // 0.2 ms: calls take a few ms, the default 1 ms would blur them.
        await inspector.post('Profiler.setSamplingInterval', { interval: 200 })
        await inspector.post('Profiler.start')
      } else if (command === 'stop' && file) {
        const { profile } = await inspector.post('Profiler.stop')
        writeFileSync(file, JSON.stringify(profile))
        inspector.disconnect()
      }
      process.stdout.write('ok\n')
    })()
  })
  process.on('SIGTERM', () => {
    server.close()
    server.closeAllConnections()
    void dataSource.destroy().then(() => {
      if (logFd !== null) {
        closeSync(logFd)
      }
      process.exit(0)
    })
  })
}

main().catch((error: unknown) => {
  process.stderr.write(`sidebar server failed: ${String(error)}\n`)
  process.exit(1)
})
