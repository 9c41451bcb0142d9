/**
 * `pnpm bench:worker`: how fast the event worker applies stored events with
 * enrichment from a simulated WeCom (in its own process), and the lag from
 * arrival to applied at a steady 1,000 events a second; on SQLite and
 * (when it answers) MariaDB. The baseline is the same worker with a handler
 * that does nothing, measured in the same run.
 *
 * With `--workers N` (N > 1), MariaDB is also measured with 1 to N
 * `pnpm worker` processes (src/worker-main.ts) sharing its queue, next to the
 * worker in the benchmark's own process. Only on MariaDB: SQLite has one
 * writer at a time, so more processes would queue for its lock instead of
 * sharing the work. `--cpu-prof` writes a V8 CPU profile of each worker
 * process (and measures one process even without `--workers`); summarize
 * one with `bench/worker-profile.ts`.
 *
 * Before each measured run the worker(s) apply BENCH_WARMUP (5000) events
 * unmeasured, then wait (up to BENCH_QUIET_WAIT_S, 120) for the machine to
 * be idle (under BENCH_QUIET_BELOW cores busy, 0.3); the CPU table shows
 * what else was busy during the run ("others").
 *
 *   BENCH_EVENTS=5000 BENCH_RATE=1000 BENCH_SECONDS=10 pnpm bench:worker
 *   pnpm bench:worker --workers 3
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
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
import {
  createDataSource,
  openDatabase,
  toSqliteDatetime,
} from '../src/db/data-source'
import {
  EventStore,
  type NewEvent,
} from '../src/modules/wecom-callback/event-store'
import { WecomEventEntity } from '../src/modules/wecom-callback/wecom-event.entity'
import type { EventHandlers } from '../src/modules/worker/event-handlers'
import { EventQueue } from '../src/modules/worker/event-queue'
import { EventWorker } from '../src/modules/worker/event-worker'
import { createWecomServices } from '../src/modules/worker/wecom-services'
import { CpuMeter, findPid, waitForQuiet, type CpuReport } from './worker-cpu'
import { WorkerProcesses, type WorkerProcessOptions } from './worker-processes'

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000)
const RATE = Number(process.env.BENCH_RATE ?? 1000)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const MYSQL_URL =
  process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'
/** Before each measured run, wait up to this long for an idle machine. */
const QUIET_WAIT_MS = Number(process.env.BENCH_QUIET_WAIT_S ?? 120) * 1000
/** Idle: fewer cores busy than this, over a second. */
const QUIET_BELOW = Number(process.env.BENCH_QUIET_BELOW ?? 0.3)
const silent = pino({ level: 'silent' })

/** The look-up each applied event makes: one call, so calls = events. */
const CONTACT_GET = '/cgi-bin/externalcontact/get'
const GROUP_GET = '/cgi-bin/externalcontact/groupchat/get'
/** What the worker derives from events; compared between runs. */
const DERIVED_TABLES = [
  'department',
  'staff',
  'customer',
  'follow',
  'customer_group',
  'group_member',
  // The leaderboard's source and the weekly figures its trigger keeps.
  'follow_change',
  'follow_week',
  'follow_week_seen',
]
/**
 * Enriched events the worker(s) apply, unmeasured, before a measured run: a
 * process that has just started runs cold, and `pnpm worker` runs for days
 * in production. A fresh worker process measured after 1,000 events spent
 * 1.1 ms of CPU per event, after 5,000 or 15,000 0.9–1.0 ms.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5000)
/** Where each set of events starts in time, so no two share a dedupe key. */
const WARMUP_TIME = 1_700_000_000
const THROUGHPUT_TIME = 1_800_000_000
const LAG_WARMUP_TIME = 1_850_000_000
const LAG_TIME = 1_900_000_000

function parseOptions(): { workers: number; cpuProf: boolean } {
  const { values } = parseArgs({
    // `pnpm bench:worker -- --workers 3` passes the `--` on.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      workers: { type: 'string', default: process.env.BENCH_WORKERS ?? '1' },
      'cpu-prof': { type: 'boolean', default: false },
    },
  })
  const workers = Number(values.workers)
  if (!Number.isInteger(workers) || workers < 1) {
    throw new Error(
      `--workers must be a whole number from 1, not ${values.workers}`,
    )
  }
  return { workers, cpuProf: values['cpu-prof'] }
}

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

/** The look-ups events from makeEvents need: one per event. */
function expectedCalls(...counts: number[]): Record<string, number> {
  const groups = counts.reduce((sum, n) => sum + Math.floor((n + 1) / 5), 0)
  const all = counts.reduce((sum, n) => sum + n, 0)
  return { [CONTACT_GET]: all - groups, [GROUP_GET]: groups }
}

/** Stores events as the callback does (group commit). */
async function storeEvents(
  dataSource: DataSource,
  count: number,
  startTime: number,
): Promise<void> {
  const store = new EventStore(dataSource, silent)
  await Promise.all(
    makeEvents(count, startTime).map((event) => store.append(event)),
  )
}

interface Simulator {
  url: string
  child: ChildProcess
  /** API calls answered so far, per path. */
  calls(): Promise<Record<string, number>>
}

async function startSimulator(): Promise<Simulator> {
  // node with tsx's loader, not the tsx CLI (which would run it in a second
  // process): the pid must be the simulator's, to read its CPU time.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'sim-process.ts')],
    { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  )
  const line = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  return {
    url: line.trim(),
    child,
    calls: () =>
      new Promise((resolve) => {
        child.once('message', (message) =>
          resolve((message as { calls: Record<string, number> }).calls),
        )
        child.send('calls')
      }),
  }
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

/** Who applies the events in a run, and whose CPU time that is. */
interface Workers {
  pids: number[]
  /** Started and ready to claim. */
  start(): Promise<void>
  stop(): Promise<void>
  /** `event failed` warnings seen (counted for worker processes only). */
  failures(): number
}

function inBenchWorker(
  dataSource: DataSource,
  handlers: EventHandlers | 'noop' | undefined,
  apiBase: string,
): Workers & { worker: EventWorker } {
  const worker = workerFor(dataSource, handlers, apiBase)
  return {
    worker,
    pids: [process.pid],
    start: async () => worker.start(),
    stop: () => worker.stop(),
    failures: () => 0,
  }
}

/** `count` worker processes, started by `start`. */
function processWorkers(count: number, options: WorkerProcessOptions): Workers {
  let set: WorkerProcesses | null = null
  return {
    get pids() {
      return set?.pids ?? []
    },
    start: async () => {
      set = await WorkerProcesses.start(count, options)
    },
    stop: async () => set?.stop(),
    failures: () => set?.failures ?? 0,
  }
}

/**
 * A meter for the workers and the other processes; when the worker runs in
 * the benchmark's process, its time is the workers' (not counted twice).
 */
function meter(groups: Record<string, number[]>, workers: number[]) {
  const { bench, ...rest } = groups
  return CpuMeter.start({
    ...rest,
    ...(workers.includes(process.pid) ? {} : { bench: bench ?? [] }),
    workers,
  })
}

/** What a measured stretch of work cost, and when it ran. */
interface Measured {
  cpu: CpuReport | null
  /** process.hrtime in µs: V8's profiles share the clock. */
  window: [number, number]
}

function hrMicros(): number {
  return Number(process.hrtime.bigint() / 1000n)
}

/** Applies `EVENTS` stored events as fast as it can; events per second. */
async function throughput(
  dataSource: DataSource,
  workerDataSource: DataSource,
  handlers: EventHandlers | 'noop' | undefined,
  apiBase: string,
  groups: Record<string, number[]>,
  /** False when only the table is being warmed: nothing is reported. */
  measured = true,
): Promise<{ rate: number } & Measured> {
  const { worker, pids } = inBenchWorker(workerDataSource, handlers, apiBase)
  await storeEvents(dataSource, WARMUP, WARMUP_TIME)
  await worker.drain()
  await storeEvents(dataSource, EVENTS, THROUGHPUT_TIME)
  if (measured) {
    await waitForQuiet(QUIET_WAIT_MS, QUIET_BELOW)
  }
  const cpu = meter(groups, pids)
  const from = hrMicros()
  const started = process.hrtime.bigint()
  const applied = await worker.drain()
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const result: Measured = { cpu: cpu.stop(), window: [from, hrMicros()] }
  if (applied !== EVENTS) {
    throw new Error(`applied ${applied} of ${EVENTS}`)
  }
  return { rate: applied / seconds, ...result }
}

/**
 * The same with worker processes: they are started and warmed up first, and
 * frozen while the events are stored, so the clock runs from "all stored"
 * to "all done" with no start-up in it, as for the in-bench worker.
 */
async function throughputInProcesses(
  dataSource: DataSource,
  workers: WorkerProcesses,
  groups: Record<string, number[]>,
): Promise<{ rate: number } & Measured> {
  await storeEvents(dataSource, WARMUP, WARMUP_TIME)
  await waitUntilSettled(dataSource, 50)
  await waitForQuiet(QUIET_WAIT_MS, QUIET_BELOW)
  workers.pause()
  await storeEvents(dataSource, EVENTS, THROUGHPUT_TIME)
  const cpu = meter(groups, workers.pids)
  const from = hrMicros()
  const started = process.hrtime.bigint()
  workers.resume()
  await waitUntilSettled(dataSource, 10)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return {
    rate: EVENTS / seconds,
    cpu: cpu.stop(),
    window: [from, hrMicros()],
  }
}

/**
 * Waits until no stored event is waiting or in hand, looking every
 * `everyMs` so the measured end is close to the real one. Each look is one
 * row off the (status, id) index, not a count, so the polling itself costs
 * the database next to nothing.
 */
async function waitUntilSettled(
  dataSource: DataSource,
  everyMs: number,
): Promise<void> {
  let first: string | null = null
  let since = Date.now()
  for (;;) {
    const [row] = (await dataSource.query(
      `SELECT id FROM wecom_event
       WHERE status IN ('pending', 'processing', 'failed') LIMIT 1`,
    )) as { id: number | string }[]
    if (!row) {
      return
    }
    if (String(row.id) !== first) {
      first = String(row.id)
      since = Date.now()
    } else if (Date.now() - since > 60_000) {
      throw new Error(`event ${first} still not done after a minute`)
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

/** Feeds events at `RATE` a second for `SECONDS` with the workers running. */
async function lagAtRate(
  dataSource: DataSource,
  workers: Workers,
  groups: Record<string, number[]>,
) {
  const store = new EventStore(dataSource, silent)
  const events = makeEvents(RATE * SECONDS, LAG_TIME)
  await workers.start()
  let measured: Measured
  try {
    await storeEvents(dataSource, WARMUP, LAG_WARMUP_TIME)
    await waitUntilSettled(dataSource, 50)
    await waitForQuiet(QUIET_WAIT_MS, QUIET_BELOW)
    const cpu = meter(groups, workers.pids)
    const from = hrMicros()
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
    await waitUntilSettled(dataSource, 50)
    measured = { cpu: cpu.stop(), window: [from, hrMicros()] }
  } finally {
    await workers.stop()
  }
  const rows = await dataSource
    .getRepository(WecomEventEntity)
    .createQueryBuilder('e')
    .where('e.createTime >= :from', { from: LAG_TIME })
    .getMany()
  const lags = rows
    .map((row) => row.processedAt!.getTime() - row.receivedAt.getTime())
    .sort((a, b) => a - b)
  return {
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    ...measured,
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

/**
 * The derived rows without `updated_at` (the time of the write), each value
 * as text so SQLite's and MariaDB's rows compare: a count and a hash per
 * table.
 */
async function derivedRows(dataSource: DataSource): Promise<string> {
  const parts: string[] = []
  for (const table of DERIVED_TABLES) {
    const rows = (await dataSource.query(`SELECT * FROM ${table}`)) as Record<
      string,
      unknown
    >[]
    const lines = rows
      .map((row) =>
        JSON.stringify(
          Object.entries(row)
            // When a row was written, and follow_change's id (the order
            // the workers wrote in), are not what it says.
            .filter(
              ([column]) =>
                column !== 'updated_at' &&
                !(table === 'follow_change' && column === 'id'),
            )
            .map(([column, value]) => [
              column,
              value == null
                ? null
                : value instanceof Date
                  ? toSqliteDatetime(value)
                  : String(value),
            ]),
        ),
      )
      .sort()
    const hash = createHash('sha256').update(lines.join('\n')).digest('hex')
    parts.push(`${table} ${rows.length} ${hash.slice(0, 12)}`)
  }
  return parts.join(', ')
}

/**
 * Every event done once: all rows `done`, none skipped or parked; exactly
 * one look-up per event at the simulator (an event applied twice would look
 * up twice); the derived rows as the reference run left them.
 */
async function checkRun(
  dataSource: DataSource,
  sim: Simulator,
  callsBefore: Record<string, number>,
  expected: { done: number; calls: Record<string, number>; failures: number },
  reference: Map<string, string>,
  kind: 'throughput' | 'lag',
): Promise<string[]> {
  const problems: string[] = []
  const statuses = (await dataSource.query(
    'SELECT status, COUNT(*) AS n FROM wecom_event GROUP BY status',
  )) as { status: string; n: number | string }[]
  const done = Number(statuses.find((s) => s.status === 'done')?.n ?? 0)
  const other = statuses.filter((s) => s.status !== 'done')
  if (done !== expected.done || other.length > 0) {
    problems.push(
      `${kind}: ${done} of ${expected.done} done` +
        other.map((s) => `, ${s.n} ${s.status}`).join(''),
    )
  }
  const callsAfter = await sim.calls()
  for (const [path, count] of Object.entries(expected.calls)) {
    const made = (callsAfter[path] ?? 0) - (callsBefore[path] ?? 0)
    if (made !== count) {
      problems.push(`${kind}: ${made} ${path} calls for ${count} events`)
    }
  }
  if (expected.failures > 0) {
    problems.push(`${kind}: ${expected.failures} failed attempts`)
  }
  const rows = await derivedRows(dataSource)
  const first = reference.get(kind)
  if (first === undefined) {
    reference.set(kind, rows)
  } else if (first !== rows) {
    problems.push(`${kind}: derived rows differ from the first run's:
    first: ${first}
    this:  ${rows}`)
  }
  return problems
}

interface Row {
  database: string
  workers: string
  /** The no-op worker's rate: shown on the in-bench row, a ratio on all. */
  baseline: number
  showBaseline: boolean
  enriched: { rate: number } & Measured
  lag: { p50: number; p99: number } & Measured
  problems: string[]
}

interface Fresh {
  config: DatabaseConfig
  drop: () => Promise<void>
}

async function benchDatabase(
  name: string,
  fresh: () => Promise<Fresh>,
  sim: Simulator,
  processCounts: number[],
  groups: Record<string, number[]>,
  reference: Map<string, string>,
  profileRoot: string | null,
): Promise<Row[]> {
  const run = async <T>(
    body: (
      dataSource: DataSource,
      workerDataSource: DataSource,
      database: DatabaseConfig,
    ) => Promise<T>,
  ) => {
    const database = await fresh()
    try {
      return await withDatabase(database.config, (ds, wds) =>
        body(ds, wds, database.config),
      )
    } finally {
      await database.drop()
    }
  }
  const check = async (
    ds: DataSource,
    callsBefore: Record<string, number>,
    kind: 'throughput' | 'lag',
    failures: number,
  ) =>
    checkRun(
      ds,
      sim,
      callsBefore,
      kind === 'throughput'
        ? {
            done: WARMUP + EVENTS,
            calls: expectedCalls(WARMUP, EVENTS),
            failures,
          }
        : {
            // The table's warm-up (no-op), the workers', the measured run.
            done: WARMUP + EVENTS + WARMUP + RATE * SECONDS,
            calls: expectedCalls(WARMUP, RATE * SECONDS),
            failures,
          },
      reference,
      kind,
    )

  const baseline = await run(
    async (ds, wds) =>
      (await throughput(ds, wds, 'noop', sim.url, groups)).rate,
  )
  const rows: Row[] = []
  {
    const problems: string[] = []
    const enriched = await run(async (ds, wds) => {
      const calls = await sim.calls()
      const result = await throughput(ds, wds, undefined, sim.url, groups)
      problems.push(...(await check(ds, calls, 'throughput', 0)))
      return result
    })
    const lag = await run(async (ds, wds) => {
      // A warm table first, as in production.
      await throughput(ds, wds, 'noop', sim.url, groups, false)
      const calls = await sim.calls()
      const result = await lagAtRate(
        ds,
        inBenchWorker(wds, undefined, sim.url),
        groups,
      )
      problems.push(...(await check(ds, calls, 'lag', 0)))
      return result
    })
    rows.push({
      database: name,
      workers: '1 in the bench',
      baseline,
      showBaseline: true,
      enriched,
      lag,
      problems,
    })
  }

  for (const count of processCounts) {
    const problems: string[] = []
    const profileDir = (phase: string) => {
      if (!profileRoot) {
        return undefined
      }
      const dir = join(profileRoot, `${count}x-${phase}`)
      mkdirSync(dir, { recursive: true })
      return dir
    }
    const saveWindow = (dir: string | undefined, measured: Measured) => {
      if (dir) {
        const [from, to] = measured.window
        writeFileSync(join(dir, 'window.json'), JSON.stringify({ from, to }))
      }
    }
    const enriched = await run(async (ds, _wds, database) => {
      const cpuProfileDir = profileDir('throughput')
      const workers = await WorkerProcesses.start(count, {
        databaseUrl: urlOf(database),
        apiBase: sim.url,
        cpuProfileDir,
      })
      const calls = await sim.calls()
      let result
      try {
        result = await throughputInProcesses(ds, workers, groups)
      } finally {
        await workers.stop()
      }
      saveWindow(cpuProfileDir, result)
      problems.push(...(await check(ds, calls, 'throughput', workers.failures)))
      return result
    })
    const lag = await run(async (ds, wds, database) => {
      await throughput(ds, wds, 'noop', sim.url, groups, false)
      const cpuProfileDir = profileDir('lag')
      const workers = processWorkers(count, {
        databaseUrl: urlOf(database),
        apiBase: sim.url,
        cpuProfileDir,
      })
      const calls = await sim.calls()
      const result = await lagAtRate(ds, workers, groups)
      saveWindow(cpuProfileDir, result)
      problems.push(...(await check(ds, calls, 'lag', workers.failures())))
      return result
    })
    rows.push({
      database: name,
      workers: `${count} process${count > 1 ? 'es' : ''}`,
      baseline,
      showBaseline: false,
      enriched,
      lag,
      problems,
    })
  }
  return rows
}

function urlOf(database: DatabaseConfig): string {
  if (database.kind !== 'mysql') {
    throw new Error('worker processes are measured on MariaDB only')
  }
  return database.url
}

async function main(): Promise<void> {
  const options = parseOptions()
  const processCounts =
    options.workers > 1 || options.cpuProf
      ? Array.from({ length: options.workers }, (_, i) => i + 1)
      : []
  const profileRoot = options.cpuProf
    ? mkdtempSync(join(tmpdir(), 'petcare-worker-prof-'))
    : null
  const sim = await startSimulator()
  const dir = mkdtempSync(join(tmpdir(), 'petcare-bench-worker-'))
  const groups: Record<string, number[]> = {
    simulator: [sim.child.pid!],
    bench: [process.pid],
  }
  const databasePid = /^mysql:\/\/[^/]*@?(127\.0\.0\.1|localhost)[:/]/.test(
    MYSQL_URL,
  )
    ? findPid(['mariadbd', 'mysqld'])
    : null
  // The derived rows of the first run of each kind, for the others to match.
  const reference = new Map<string, string>()
  const results: Row[] = []
  try {
    let n = 0
    results.push(
      ...(await benchDatabase(
        'SQLite',
        async () => ({
          config: { kind: 'sqlite', path: join(dir, `w${n++}.sqlite`) },
          drop: async () => undefined,
        }),
        sim,
        [],
        groups,
        reference,
        null,
      )),
    )
    const mysqlUp = await createConnection({
      uri: MYSQL_URL,
      connectTimeout: 2000,
    })
      .then((c) => c.end().then(() => true))
      .catch(() => false)
    if (mysqlUp) {
      results.push(
        ...(await benchDatabase(
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
          sim,
          processCounts,
          databasePid ? { ...groups, database: [databasePid] } : groups,
          reference,
          profileRoot,
        )),
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

  const cores = (value: number | undefined) =>
    value === undefined ? '—' : value.toFixed(2)
  const cpuRow = (r: Row, phase: string, m: Measured, events: number) => {
    const cpu = m.cpu
    if (!cpu) {
      return []
    }
    const workerMs = ((cpu.groups.workers ?? 0) * cpu.seconds * 1000) / events
    const kernel = (cpu.kernel.workers ?? 0) / (cpu.groups.workers || 1)
    return [
      `| ${r.database} | ${r.workers} | ${phase} | ${cores(cpu.groups.workers)} (${(kernel * 100).toFixed(0)}% kernel) | ${cores(cpu.groups.simulator)} | ${cores(cpu.groups.database)} | ${r.workers.includes('bench') ? 'in workers' : cores(cpu.groups.bench)} | ${cores(cpu.machine)} of ${cpu.cores} | ${cores(cpu.others)} | ${workerMs.toFixed(2)} |`,
    ]
  }
  const problems = results.flatMap((r) =>
    r.problems.map((p) => `${r.database}, ${r.workers}: ${p}`),
  )
  process.stdout.write(
    [
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      `Throughput: ${EVENTS} stored events (80% customer edits → externalcontact/get, 20% group renames → groupchat/get)`,
      `Lag: ${RATE} events/s for ${SECONDS} s with the worker(s) running`,
      `Before each measured run the worker(s) apply ${WARMUP} enriched events, unmeasured`,
      processCounts.length > 0
        ? `Worker processes (pnpm worker, sharing the queue through SKIP LOCKED): MariaDB only; SQLite has one writer at a time`
        : '',
      '',
      '| database | workers | no-op worker ev/s | enriched ev/s | of no-op | lag p50 ms | lag p99 ms |',
      '|---|---|---|---|---|---|---|',
      ...results.map(
        (r) =>
          `| ${r.database} | ${r.workers} | ${r.showBaseline ? r.baseline.toFixed(0) : '″'} | ${r.enriched.rate.toFixed(0)} | ${((r.enriched.rate / r.baseline) * 100).toFixed(0)}% | ${r.lag.p50} | ${r.lag.p99} |`,
      ),
      '',
      'CPU while applying, in cores busy (1.00 = one core all the time):',
      '',
      '| database | workers | run | workers | simulator | MariaDB | bench | machine | others | worker CPU ms/event |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...results.flatMap((r) => [
        ...cpuRow(r, 'throughput', r.enriched, EVENTS),
        ...cpuRow(r, 'lag', r.lag, RATE * SECONDS),
      ]),
      '',
      problems.length === 0
        ? 'Checks: every event done once (all rows done; one look-up per event at the simulator); the derived rows the same in every run.'
        : `CHECKS FAILED:\n${problems.map((p) => `- ${p}`).join('\n')}`,
      profileRoot
        ? `\nCPU profiles: ${profileRoot} (summarize: node --import tsx bench/worker-profile.ts <dir>)`
        : '',
      '',
    ].join('\n'),
  )
  if (problems.length > 0) {
    process.exitCode = 1
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${String(error)}\n${(error as Error).stack ?? ''}\n`,
  )
  process.exit(1)
})
