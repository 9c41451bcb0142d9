/**
 * `pnpm bench:worker`: how fast the event worker applies stored events with
 * enrichment from a simulated WeCom (in its own process), and the lag from
 * arrival to applied at a steady 1,000 events a second; on SQLite and
 * (when it answers) MariaDB. The baseline is the same worker with a handler
 * that does nothing, measured in the same run.
 *
 *   BENCH_EVENTS=5000 BENCH_RATE=1000 BENCH_SECONDS=10 pnpm bench:worker
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import {
  DEMO_CORP,
  DEMO_CORP_SECRET,
  externalChatXml,
  externalContactXml,
  seedCorp,
} from '@petcare/wecom-sim'
import { createConnection } from 'mysql2/promise'
import pino from 'pino'
import type { DataSource } from 'typeorm'
import { loadConfig, type DatabaseConfig } from '../src/config'
import { openWorkerDataSource } from '../src/bootstrap'
import { createDataSource, openDatabase } from '../src/db/data-source'
import {
  EventStore,
  type NewEvent,
} from '../src/modules/wecom-callback/event-store'
import { WecomEventEntity } from '../src/modules/wecom-callback/wecom-event.entity'
import type { EventHandlers } from '../src/modules/worker/event-handlers'
import { EventQueue } from '../src/modules/worker/event-queue'
import { EventWorker } from '../src/modules/worker/event-worker'
import { createWecomServices } from '../src/modules/worker/wecom-services'

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000)
const RATE = Number(process.env.BENCH_RATE ?? 1000)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const MYSQL_URL =
  process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'
const TSX = join(__dirname, '../node_modules/.bin/tsx')
const silent = pino({ level: 'silent' })

/** Events as WeCom would send them for the seeded corp: 80% customer adds, 20% group renames. */
function makeEvents(count: number, startTime: number): NewEvent[] {
  const corp = seedCorp(1)
  const follows = corp.follows
  const groups = corp.groups.filter((g) => !g.dismissed)
  return Array.from({ length: count }, (_, n) => {
    const createTime = startTime + n
    const payloadXml =
      n % 5 === 4
        ? externalChatXml({
            corpId: DEMO_CORP.corpId,
            chatId: groups[n % groups.length]!.chatId,
            changeType: 'update',
            updateDetail: 'change_name',
            createTime,
          })
        : externalContactXml({
            corpId: DEMO_CORP.corpId,
            changeType: 'edit_external_contact',
            userId: follows[n % follows.length]!.userid,
            externalUserId: follows[n % follows.length]!.externalUserId,
            createTime,
          })
    const isChat = n % 5 === 4
    return {
      dedupeKey: createHash('sha256').update(payloadXml).digest('hex'),
      corpId: DEMO_CORP.corpId,
      agentId: null,
      event: isChat ? 'change_external_chat' : 'change_external_contact',
      changeType: isChat ? 'update' : 'edit_external_contact',
      updateDetail: isChat ? 'change_name' : null,
      kind: isChat ? 'external_chat' : 'external_contact',
      userId: null,
      externalUserId: null,
      chatId: null,
      createTime,
      receivedAt: new Date(),
      payloadXml,
    }
  })
}

async function startSimulator(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(TSX, [join(__dirname, 'sim-process.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  return { url: line.trim(), child }
}

function percentile(sorted: number[], p: number): number {
  return (
    sorted[
      Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
    ] ?? 0
  )
}

async function withDatabase<T>(
  database: DatabaseConfig,
  run: (dataSource: DataSource, workerDataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = createDataSource(database)
  await openDatabase(dataSource)
  // The worker gets its own connection, as in the server.
  const workerDataSource = await openWorkerDataSource(database, dataSource)
  try {
    return await run(dataSource, workerDataSource)
  } finally {
    if (workerDataSource !== dataSource) {
      await workerDataSource.destroy()
    }
    await dataSource.destroy()
  }
}

/** Applies `EVENTS` stored events as fast as it can; events per second. */
async function throughput(
  dataSource: DataSource,
  workerDataSource: DataSource,
  handlers: EventHandlers | 'noop',
  apiBase: string,
): Promise<number> {
  const store = new EventStore(dataSource, silent)
  await Promise.all(
    makeEvents(EVENTS, 1_800_000_000).map((event) => store.append(event)),
  )
  const worker = workerFor(workerDataSource, handlers, apiBase)
  const started = process.hrtime.bigint()
  const applied = await worker.drain()
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (applied !== EVENTS) {
    throw new Error(`applied ${applied} of ${EVENTS}`)
  }
  return applied / seconds
}

/** Feeds events at `RATE` a second for `SECONDS` with the worker running. */
async function lagAtRate(
  dataSource: DataSource,
  workerDataSource: DataSource,
  apiBase: string,
) {
  const store = new EventStore(dataSource, silent)
  const events = makeEvents(RATE * SECONDS, 1_900_000_000)
  const worker = workerFor(workerDataSource, undefined, apiBase)
  worker.start()
  const started = Date.now()
  for (let sent = 0; sent < events.length;) {
    const due = Math.min(
      events.length,
      Math.floor(((Date.now() - started) / 1000) * RATE),
    )
    const batch = events
      .slice(sent, due)
      .map((event) => store.append({ ...event, receivedAt: new Date() }))
    sent = due
    await Promise.all(batch)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const repo = dataSource.getRepository(WecomEventEntity)
  while ((await repo.countBy({ status: 'done' })) < events.length + EVENTS) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await worker.stop()
  const rows = await repo
    .createQueryBuilder('e')
    .where('e.createTime >= :from', { from: 1_900_000_000 })
    .getMany()
  const lags = rows
    .map((row) => row.processedAt!.getTime() - row.receivedAt.getTime())
    .sort((a, b) => a - b)
  return {
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    count: rows.length,
  }
}

function workerFor(
  dataSource: DataSource,
  handlers: EventHandlers | 'noop' | undefined,
  apiBase: string,
): EventWorker {
  if (handlers === 'noop') {
    const noop = { handle: async () => undefined } as unknown as EventHandlers
    return new EventWorker(new EventQueue(dataSource), noop, silent)
  }
  const config = loadConfig({ NODE_ENV: 'test', WECOM_API_BASE: apiBase })
  config.wecom.secret = DEMO_CORP_SECRET
  return createWecomServices({ config, dataSource, logger: silent })!.worker
}

async function benchDatabase(
  name: string,
  fresh: () => Promise<{ config: DatabaseConfig; drop: () => Promise<void> }>,
  apiBase: string,
) {
  const run = async <T>(
    body: (dataSource: DataSource, workerDataSource: DataSource) => Promise<T>,
  ) => {
    const database = await fresh()
    try {
      return await withDatabase(database.config, body)
    } finally {
      await database.drop()
    }
  }
  const baseline = await run((ds, wds) => throughput(ds, wds, 'noop', apiBase))
  const enriched = await run((ds, wds) =>
    throughput(ds, wds, undefined as unknown as EventHandlers, apiBase),
  )
  const lag = await run(async (ds, wds) => {
    // A warm table first, as in production.
    await throughput(ds, wds, 'noop', apiBase)
    return lagAtRate(ds, wds, apiBase)
  })
  return { name, baseline, enriched, lag }
}

async function main(): Promise<void> {
  const sim = await startSimulator()
  const dir = mkdtempSync(join(tmpdir(), 'petcare-bench-worker-'))
  const results = []
  try {
    let n = 0
    results.push(
      await benchDatabase(
        'SQLite',
        async () => ({
          config: { kind: 'sqlite', path: join(dir, `w${n++}.sqlite`) },
          drop: async () => undefined,
        }),
        sim.url,
      ),
    )
    const mysqlUp = await createConnection({
      uri: MYSQL_URL,
      connectTimeout: 2000,
    })
      .then((c) => c.end().then(() => true))
      .catch(() => false)
    if (mysqlUp) {
      results.push(
        await benchDatabase(
          'MariaDB',
          async () => {
            const name = `petcare_bw_${process.pid}_${n++}`
            const admin = await createConnection({ uri: MYSQL_URL })
            await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`)
            await admin.end()
            const url = new URL(MYSQL_URL)
            url.pathname = `/${name}`
            return {
              config: { kind: 'mysql', url: url.toString() },
              drop: async () => {
                const c = await createConnection({ uri: MYSQL_URL })
                await c.query(`DROP DATABASE ${name}`)
                await c.end()
              },
            }
          },
          sim.url,
        ),
      )
    } else {
      process.stderr.write(
        `MySQL at ${MYSQL_URL} did not answer; skipping it\n`,
      )
    }
  } finally {
    sim.child.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }

  process.stdout.write(
    [
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      `Throughput: ${EVENTS} stored events (80% customer edits → externalcontact/get, 20% group renames → groupchat/get)`,
      `Lag: ${RATE} events/s for ${SECONDS} s with the worker running`,
      '',
      '| database | no-op worker ev/s | enriched ev/s | of no-op | lag p50 ms | lag p99 ms |',
      '|---|---|---|---|---|---|',
      ...results.map(
        (r) =>
          `| ${r.name} | ${r.baseline.toFixed(0)} | ${r.enriched.toFixed(0)} | ${((r.enriched / r.baseline) * 100).toFixed(0)}% | ${r.lag.p50} | ${r.lag.p99} |`,
      ),
      '',
    ].join('\n'),
  )
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${String(error)}\n${(error as Error).stack ?? ''}\n`,
  )
  process.exit(1)
})
