/**
 * `pnpm bench:sidebar`: the latency of the sidebar's one call for a chat,
 * `GET /api/sidebar/contacts/:externalUserId`, on a chain-sized record
 * (200,000 pets, 1,000,000 visits), on SQLite and MariaDB. Signed-in
 * butlers open customers they follow, so the whole path runs: session
 * cookie, principal, access rule, record view and audit insert. Measured in
 * the same run: `GET /api/auth/session` (session and principal only) and
 * `/healthz` as baselines; then where a call's time goes: every query timed
 * with its plan (EXPLAIN, and ANALYZE on MariaDB), and a CPU profile of the
 * server at concurrency 8.
 *
 * The dataset is built once (`sidebar-data.ts`, `sidebar-load.ts`) and kept
 * between runs: the SQLite file under bench/data/, the MariaDB database
 * `petcare_bench_sidebar`.
 *
 *   pnpm bench:sidebar [--pets 200000] [--visits 1000000]
 *     [--db sqlite|mysql|both] [--calls 2000] [--fresh] [--drop]
 *     [--no-breakdown]
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3306/ (the server, no database)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import Keygrip from 'keygrip'
import { createConnection } from 'mysql2/promise'
import type { DatabaseConfig } from '../src/config'
import { createDataSource } from '../src/db/data-source'
import { SESSION_COOKIE } from '../src/modules/auth/session'
import { HospitalCustomerEntity } from '../src/modules/record/hospital-customer.entity'
import { summarizeCpu } from './sidebar-cpu'
import { Random } from './sidebar-data'
import {
  databaseUrl,
  ensureMysql,
  ensureSqlite,
  type DatasetInfo,
} from './sidebar-load'
import {
  explainAll,
  summarizeQueries,
  type Explainer,
  type QueryLine,
} from './sidebar-queries'
import { Sqlite, type SqliteDatabase } from './sqlite-handle'

const { values: args } = parseArgs({
  options: {
    pets: { type: 'string', default: '200000' },
    visits: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'both' },
    calls: { type: 'string', default: '2000' },
    fresh: { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
    'no-breakdown': { type: 'boolean', default: false },
  },
})
const PETS = Number(args.pets)
const VISITS = Number(args.visits)
const CALLS = Number(args.calls)
const SEED = 1
const TARGET_P95_MS = 15
const CONCURRENCIES = [1, 8]
const WARM_UP_CALLS = 300
const BREAKDOWN_CALLS = 200
/** Calls of the CPU profile, after 100 to warm its server. */
const PROFILED_CALLS = 600
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/'
const SERVER_DIR = join(__dirname, '..')
const DEFAULT_SIZE = PETS === 200_000 && VISITS === 1_000_000
const SIZE_TAG = `p${PETS}-v${VISITS}`
const SQLITE_PATH = join(__dirname, 'data', `sidebar-${SIZE_TAG}.sqlite`)
const MYSQL_DATABASE = DEFAULT_SIZE
  ? 'petcare_bench_sidebar'
  : `petcare_bench_sidebar_${SIZE_TAG.replace('-', '_')}`
// A session key of this run: cookies are minted with it, as the server
// signs them after OAuth.
const SESSION_SECRET = randomBytes(32).toString('base64url')

if (
  !(PETS >= 10 && VISITS >= 0 && CALLS >= 10) ||
  !['sqlite', 'mysql', 'both'].includes(args.db!)
) {
  process.stderr.write(
    'usage: bench:sidebar [--pets N≥10] [--visits N] [--calls N≥10] ' +
      '[--db sqlite|mysql|both] [--fresh] [--drop] [--no-breakdown]\n',
  )
  process.exit(2)
}

const log = (line: string) => process.stderr.write(`${line}\n`)

// ------------------------------------------------------------------ HTTP

/** One keep-alive connection per concurrent caller, as browsers keep one. */
const agent = new Agent({ keepAlive: true, maxSockets: 16 })

interface Call {
  path: string
  cookie: string
}

interface Answer {
  status: number
  ms: number
  body: Buffer
}

function get(port: number, call: Call): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: call.path,
        agent,
        headers: {
          cookie: call.cookie,
          accept: 'application/json',
          // What WeCom's built-in browser sends, for the audit row.
          'user-agent':
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ' +
            '(KHTML, like Gecko) wxwork/4.1.33 MicroMessenger/7.0.1',
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            body: Buffer.concat(chunks),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** Runs `calls` with `concurrency` callers; fails on any answer but 200. */
async function drive(
  port: number,
  calls: Call[],
  concurrency: number,
): Promise<{ answers: Answer[]; seconds: number }> {
  const answers: Answer[] = new Array<Answer>(calls.length)
  let next = 0
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < calls.length; i = next++) {
        const answer = await get(port, calls[i]!)
        if (answer.status !== 200) {
          throw new Error(
            `${calls[i]!.path} answered ${answer.status}: ${answer.body.toString().slice(0, 300)}`,
          )
        }
        answers[i] = answer
      }
    }),
  )
  return {
    answers,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return 0
  }
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ]!
}

interface Stats {
  p50: number
  p95: number
  p99: number
  perSecond: number
  medianBytes: number
}

function stats(run: { answers: Answer[]; seconds: number }): Stats {
  const ms = run.answers.map((a) => a.ms).sort((a, b) => a - b)
  const bytes = run.answers.map((a) => a.body.length).sort((a, b) => a - b)
  return {
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    perSecond: run.answers.length / run.seconds,
    medianBytes: percentile(bytes, 50),
  }
}

// ---------------------------------------------------------------- server

/** The session cookie exactly as the server sets it after OAuth sign-in. */
function sessionCookie(userId: string): string {
  const value = Buffer.from(
    JSON.stringify({ userId, expiresAt: Date.now() + 120 * 60_000 }),
  ).toString('base64url')
  const signature = new Keygrip([SESSION_SECRET], 'sha256').sign(
    `${SESSION_COOKIE}=${value}`,
  )
  return `${SESSION_COOKIE}=${value}; ${SESSION_COOKIE}.sig=${signature}`
}

interface Server {
  port: number
  child: ChildProcess
  /** Sends a line to the server's stdin and waits for its `ok`. */
  command(line: string): Promise<void>
}

async function startServer(
  url: string,
  queryLog: string | null,
): Promise<Server> {
  // Node itself with tsx's loader, not the tsx launcher: stdin and signals
  // then reach the server directly.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'sidebar-server.ts')],
    {
      cwd: SERVER_DIR,
      env: {
        ...process.env,
        BENCH_DATABASE_URL: url,
        SESSION_SECRET,
        ...(queryLog ? { BENCH_QUERY_LOG: queryLog } : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  )
  let errors = ''
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const waiting: ((line: string) => void)[] = []
  createInterface({ input: child.stdout! }).on('line', (line) =>
    waiting.shift()?.(line),
  )
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      waiting.push(resolve)
      child.once('exit', (code) =>
        reject(new Error(`server exited with ${code}:\n${errors}`)),
      )
    })
  const port = Number(await nextLine())
  return {
    port,
    child,
    async command(line) {
      const answer = nextLine()
      child.stdin!.write(`${line}\n`)
      if ((await answer) !== 'ok') {
        throw new Error(`server did not take ${line}`)
      }
    },
  }
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) {
      resolve()
      return
    }
    server.child.once('exit', () => resolve())
    server.child.kill('SIGTERM')
  })
}

// --------------------------------------------------------------- database

interface Target extends Explainer {
  name: 'SQLite' | 'MariaDB'
  /** The server's DATABASE_URL. */
  url: string
  database: DatabaseConfig
  ensure(): Promise<{ info: DatasetInfo; built: boolean }>
  close(): Promise<void>
}

function sqliteTarget(): Target {
  let db: SqliteDatabase | null = null
  const open = () => (db ??= new Sqlite(SQLITE_PATH))
  return {
    name: 'SQLite',
    url: `sqlite:${SQLITE_PATH}`,
    database: { kind: 'sqlite', path: SQLITE_PATH },
    ensure: () => {
      mkdirSync(join(__dirname, 'data'), { recursive: true })
      return ensureSqlite(SQLITE_PATH, options(), args.fresh!, log)
    },
    query: async <T>(sql: string, params: unknown[] = []) => {
      const statement = open().prepare(sql)
      if (statement.reader) {
        return statement.all(...params) as T[]
      }
      statement.run(...params)
      return []
    },
    close: async () => {
      db?.close()
      db = null
    },
  }
}

function mysqlTarget(): Target {
  const url = databaseUrl(MYSQL_URL, MYSQL_DATABASE)
  let connection: Awaited<ReturnType<typeof createConnection>> | null = null
  return {
    name: 'MariaDB',
    url,
    database: { kind: 'mysql', url },
    ensure: () =>
      ensureMysql(MYSQL_URL, MYSQL_DATABASE, options(), args.fresh!, log),
    query: async <T>(sql: string, params: unknown[] = []) => {
      connection ??= await createConnection({ uri: url, timezone: 'Z' })
      const [rows] = await connection.query(sql, params)
      return rows as T[]
    },
    close: async () => {
      await connection?.end()
      connection = null
    },
  }
}

function options() {
  return { pets: PETS, visits: VISITS, seed: SEED }
}

async function mysqlAvailable(): Promise<boolean> {
  try {
    const connection = await createConnection({
      uri: MYSQL_URL,
      connectTimeout: 2000,
    })
    await connection.end()
    return true
  } catch {
    return false
  }
}

// ------------------------------------------------------------------- runs

interface Pair {
  userId: string
  externalUserId: string
}

/**
 * Butlers and customers they follow, `count` distinct pairs picked by the
 * seeded random from all of them: the chats butlers open.
 */
async function pickPairs(target: Target, count: number): Promise<Pair[]> {
  const rows = await target.query<{
    user_id: string
    external_user_id: string
  }>(
    `SELECT f.user_id, f.external_user_id FROM follow f
       JOIN staff s ON s.user_id = f.user_id
      WHERE s.role = 'butler' AND f.ended_at IS NULL
      ORDER BY f.external_user_id, f.user_id`,
  )
  if (rows.length < count) {
    throw new Error(
      `only ${rows.length} butler follows for ${count} calls: give fewer --calls or more --pets`,
    )
  }
  const random = new Random(SEED * 7919)
  // A partial Fisher–Yates shuffle: the first `count` are the sample.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random.next() * (rows.length - i))
    ;[rows[i], rows[j]] = [rows[j]!, rows[i]!]
  }
  return rows
    .slice(0, count)
    .map((r) => ({ userId: r.user_id, externalUserId: r.external_user_id }))
}

interface Measured {
  concurrency: number
  sidebar: Stats
  session: Stats
  healthz: Stats
  /** InnoDB pages read from disk per sidebar call (MariaDB). */
  diskReadsPerCall: number | null
}

interface Result {
  name: string
  dataset: DatasetInfo
  built: boolean
  measured: Measured[]
  withRecord: number
  petsShown: number
  auditRows: number
  expectedAuditRows: number
  breakdown: string[]
  /** The 1-minute load average before and after the measured calls. */
  load: [number, number]
}

async function benchTarget(target: Target): Promise<Result> {
  log(`${target.name}: dataset`)
  const { info, built } = await target.ensure()
  log(
    built
      ? `${target.name}: built in ${info.seconds.toFixed(0)} s`
      : `${target.name}: reusing the dataset built ${info.builtAt} (in ${info.seconds.toFixed(0)} s)`,
  )
  if (built && target.name === 'MariaDB') {
    await settle(target)
  }
  // Earlier runs' audit rows out, so every run inserts into the same table.
  await target.query('DELETE FROM record_audit')
  const needed =
    WARM_UP_CALLS +
    CALLS * CONCURRENCIES.length +
    BREAKDOWN_CALLS +
    PROFILED_CALLS
  const pairs = await pickPairs(target, needed)
  await target.close()

  const cookies = new Map<string, string>()
  const calls = (from: number, count: number, path: (p: Pair) => string) =>
    pairs.slice(from, from + count).map((pair) => {
      let cookie = cookies.get(pair.userId)
      if (!cookie) {
        cookie = sessionCookie(pair.userId)
        cookies.set(pair.userId, cookie)
      }
      return { path: path(pair), cookie }
    })
  const sidebarPath = (p: Pair) =>
    `/api/sidebar/contacts/${encodeURIComponent(p.externalUserId)}`

  const loadBefore = loadavg()[0]!
  const server = await startServer(target.url, null)
  const measured: Measured[] = []
  let withRecord = 0
  let petsShown = 0
  let from = WARM_UP_CALLS
  try {
    // Every member's cookie must be taken as theirs, or nothing below
    // measures the signed-in path.
    const butlers = new Map(pairs.map((p) => [p.userId, p]))
    for (const pair of butlers.values()) {
      const [call] = calls(pairs.indexOf(pair), 1, () => '/api/auth/session')
      const answer = await get(server.port, call!)
      const body =
        answer.status === 200 ? JSON.parse(answer.body.toString()) : null
      if (body?.userId !== pair.userId || body?.scope !== 'member') {
        throw new Error(
          `the minted session of ${pair.userId} was not accepted: ` +
            `${answer.status} ${answer.body.toString().slice(0, 200)}`,
        )
      }
    }
    log(
      `${target.name}: ${butlers.size} butlers' sessions accepted; warming up`,
    )
    await drive(server.port, calls(0, WARM_UP_CALLS, sidebarPath), 8)
    await drive(
      server.port,
      calls(0, WARM_UP_CALLS, () => '/api/auth/session'),
      8,
    )
    await drive(
      server.port,
      calls(0, WARM_UP_CALLS, () => '/healthz'),
      8,
    )

    for (const concurrency of CONCURRENCIES) {
      log(`${target.name}: ${CALLS} calls at concurrency ${concurrency}`)
      const readsBefore = await diskReads(target)
      const sidebar = await drive(
        server.port,
        calls(from, CALLS, sidebarPath),
        concurrency,
      )
      const readsAfter = await diskReads(target)
      const session = await drive(
        server.port,
        calls(from, CALLS, () => '/api/auth/session'),
        concurrency,
      )
      const healthz = await drive(
        server.port,
        calls(from, CALLS, () => '/healthz'),
        concurrency,
      )
      from += CALLS
      for (const answer of sidebar.answers) {
        const view = JSON.parse(answer.body.toString()) as {
          record: { pets: unknown[] } | null
        }
        if (view.record) {
          withRecord++
          petsShown += view.record.pets.length
        }
      }
      measured.push({
        concurrency,
        sidebar: stats(sidebar),
        session: stats(session),
        healthz: stats(healthz),
        diskReadsPerCall:
          readsBefore === null || readsAfter === null
            ? null
            : (readsAfter - readsBefore) / CALLS,
      })
    }
  } finally {
    await stopServer(server)
  }
  const load: [number, number] = [loadBefore, loadavg()[0]!]

  // Warm-up calls audit too.
  const [audit] = await target.query<{ n: number | string }>(
    "SELECT COUNT(*) AS n FROM record_audit WHERE source = 'sidebar'",
  )
  const auditRows = Number(audit!.n)
  await target.close()

  const breakdown = args['no-breakdown']
    ? []
    : [
        ...(await breakdownOf(
          target,
          calls(from, BREAKDOWN_CALLS, sidebarPath),
        )),
        '',
        ...(await cpuProfileOf(
          target,
          calls(from + BREAKDOWN_CALLS, PROFILED_CALLS, sidebarPath),
        )),
      ]
  return {
    name: target.name,
    dataset: info,
    built,
    measured,
    withRecord,
    petsShown,
    auditRows,
    expectedAuditRows: petsShown,
    breakdown,
    load,
  }
}

/**
 * Waits (up to two minutes) for InnoDB to write back what a fresh load left
 * dirty, so its page flushing does not compete with the measured calls.
 */
async function settle(target: Target): Promise<void> {
  const started = Date.now()
  for (;;) {
    const rows = await target.query<{ Variable_name: string; Value: string }>(
      `SHOW GLOBAL STATUS WHERE Variable_name IN
         ('Innodb_buffer_pool_pages_dirty', 'Innodb_buffer_pool_pages_total')`,
    )
    const value = (name: string) =>
      Number(rows.find((r) => r.Variable_name === name)?.Value ?? 0)
    const dirty =
      value('Innodb_buffer_pool_pages_dirty') /
      Math.max(1, value('Innodb_buffer_pool_pages_total'))
    if (dirty < 0.01 || Date.now() - started > 120_000) {
      log(`MariaDB: ${(dirty * 100).toFixed(1)}% of the buffer pool dirty`)
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 2000))
  }
}

/**
 * InnoDB's count of pages read from disk (server-wide: other clients of
 * the server count too); null on SQLite, which the OS page cache serves.
 */
async function diskReads(target: Target): Promise<number | null> {
  if (target.name !== 'MariaDB') {
    return null
  }
  const [row] = await target.query<{ Value: string }>(
    "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_reads'",
  )
  return Number(row!.Value)
}

/** A CPU profile of the server over sidebar calls at concurrency 8. */
async function cpuProfileOf(target: Target, calls: Call[]): Promise<string[]> {
  log(`${target.name}: CPU profile over ${calls.length - 100} calls`)
  const file = join(tmpdir(), `petcare-sidebar-${process.pid}.cpuprofile`)
  const server = await startServer(target.url, null)
  try {
    await drive(server.port, calls.slice(0, 100), 8)
    await server.command('profile start')
    const run = await drive(server.port, calls.slice(100), 8)
    await server.command(`profile stop ${file}`)
    return summarizeCpu(file, calls.length - 100, run.seconds)
  } finally {
    await stopServer(server)
    rmSync(file, { force: true })
  }
}

/**
 * The call's SQL, query by query: a server of its own that logs each query
 * with its time, driven one call at a time, then EXPLAIN of each query.
 */
async function breakdownOf(target: Target, calls: Call[]): Promise<string[]> {
  log(`${target.name}: query breakdown over ${calls.length} calls`)
  const file = join(tmpdir(), `petcare-sidebar-queries-${process.pid}.jsonl`)
  const server = await startServer(target.url, file)
  try {
    // Its caches (hospitals, protocols) warm first, as in the measured runs.
    await drive(server.port, calls.slice(0, 20), 1)
    await drive(server.port, calls.slice(20), 1)
  } finally {
    await stopServer(server)
  }
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as QueryLine)
  rmSync(file, { force: true })
  // The warm-up's requests are left out (the first 20 ids), and the
  // sessions' checks of `/api/auth/session` never ran here.
  const measuredLines = lines.filter((l) => l.req !== null && l.req >= 20)
  const summary = summarizeQueries(measuredLines, target.name)
  const plans = await explainAll(summary.shapes, target)
  await target.close()
  return [...summary.lines, '', await queryFloor(target), '', ...plans]
}

/**
 * What any query costs the server before the database does any work: a
 * `SELECT 1` and a primary-key find through TypeORM, one at a time.
 */
async function queryFloor(target: Target): Promise<string> {
  const dataSource = createDataSource(target.database)
  await dataSource.initialize()
  const median = async (run: () => Promise<unknown>) => {
    const times: number[] = []
    for (let i = 0; i < 300; i++) {
      const started = process.hrtime.bigint()
      await run()
      times.push(Number(process.hrtime.bigint() - started) / 1e6)
    }
    return percentile(
      times.sort((a, b) => a - b),
      50,
    )
  }
  try {
    const select1 = await median(() => dataSource.query('SELECT 1'))
    const raw = await median(() =>
      dataSource.query('SELECT * FROM hospital_customer WHERE id = ?', [
        'C1000000',
      ]),
    )
    const byKey = await median(() =>
      dataSource
        .getRepository(HospitalCustomerEntity)
        .findOneBy({ id: 'C1000000' }),
    )
    return (
      `Floor per query on ${target.name}, from Node through TypeORM, one at a time (medians): ` +
      `\`SELECT 1\` ${select1.toFixed(2)} ms; a row by primary key with \`dataSource.query\` ` +
      `${raw.toFixed(2)} ms, with \`findOneBy\` (query builder and entity) ${byKey.toFixed(2)} ms.`
    )
  } finally {
    await dataSource.destroy()
  }
}

// ------------------------------------------------------------------ report

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1)
}

function report(results: Result[], started: bigint): string {
  const lines: string[] = []
  const first = results[0]!.dataset
  const rows = first.rows
  const n = (name: string) => (rows[name] ?? 0).toLocaleString('en-US')
  lines.push(
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
      `1-minute load average around the measured calls: ${results.map((r) => `${r.name} ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`).join(', ')} ` +
      "(the bench's own server, client and database make about 2; more is other work on the CPUs)",
    `Dataset (seed ${first.seed}): ${n('pet')} pets, ${n('visit')} visits, ${n('hospital_customer')} hospital customers, ` +
      `${n('customer')} WeCom customers, ${n('follow')} follows, ${n('customer_binding')} bindings, ` +
      `${n('vaccination')} vaccinations, ${n('deworming')} dewormings, ${n('pet_weight')} weights, ` +
      `${n('pet_alert')} alerts, ${n('care_flag')} care flags, ${n('follow_up_note')} notes; ` +
      `${n('hospital')} hospitals in ${n('region')} regions, ${n('staff')} staff`,
    ...results.map(
      (r) =>
        `${r.name} dataset: ${r.built ? 'generated and loaded' : 'reused; it was generated and loaded'} in ${r.dataset.seconds.toFixed(0)} s`,
    ),
    `Calls: ${CALLS} per row, each for a different butler–customer pair (seeded), after ${WARM_UP_CALLS} warm-up calls; keep-alive loopback; latency as the client sees it`,
    '',
    '| database | concurrency | sidebar calls/s | p50 ms | p95 ms | p99 ms | /api/auth/session p50 / p95 / p99 ms | /healthz p50 / p95 / p99 ms | sidebar ÷ session (p50, p95) |',
    '|---|---|---|---|---|---|---|---|---|',
  )
  for (const r of results) {
    for (const m of r.measured) {
      lines.push(
        `| ${r.name} | ${m.concurrency} | ${m.sidebar.perSecond.toFixed(0)} | ${fmt(m.sidebar.p50)} | ${fmt(m.sidebar.p95)} | ${fmt(m.sidebar.p99)} | ` +
          `${fmt(m.session.p50)} / ${fmt(m.session.p95)} / ${fmt(m.session.p99)} | ` +
          `${fmt(m.healthz.p50)} / ${fmt(m.healthz.p95)} / ${fmt(m.healthz.p99)} | ` +
          `${(m.sidebar.p50 / m.session.p50).toFixed(1)}×, ${(m.sidebar.p95 / m.session.p95).toFixed(1)}× |`,
      )
    }
  }
  lines.push('')
  for (const r of results) {
    const all = CALLS * r.measured.length
    const reads = r.measured
      .filter((m) => m.diskReadsPerCall !== null)
      .map(
        (m) =>
          `${m.diskReadsPerCall!.toFixed(1)} at concurrency ${m.concurrency}`,
      )
    if (reads.length > 0) {
      lines.push(
        `${r.name}: InnoDB pages read from disk per sidebar call: ${reads.join(', ')}`,
      )
    }
    const m = r.measured[0]!
    lines.push(
      `${r.name}: median response ${m.sidebar.medianBytes.toLocaleString('en-US')} bytes (session ${m.session.medianBytes}); ` +
        `${r.withRecord} of ${all} calls showed a record (${(r.petsShown / Math.max(1, r.withRecord)).toFixed(2)} pets each); ` +
        `${r.auditRows} audit rows written, ${r.expectedAuditRows} by the measured calls` +
        (r.auditRows >= r.expectedAuditRows ? '' : ' (AUDIT ROWS MISSING!)'),
    )
  }
  const mariadb = results.find((r) => r.name === 'MariaDB')
  lines.push('')
  if (mariadb) {
    for (const m of mariadb.measured) {
      const met = m.sidebar.p95 <= TARGET_P95_MS
      lines.push(
        `Target p95 ≤ ${TARGET_P95_MS} ms on MariaDB, concurrency ${m.concurrency}: ` +
          `${fmt(m.sidebar.p95)} ms, ${met ? 'met' : 'NOT met'}`,
      )
    }
  } else {
    lines.push(
      `Target p95 ≤ ${TARGET_P95_MS} ms on MariaDB: not measured (--db sqlite)`,
    )
  }
  for (const r of results) {
    if (r.breakdown.length > 0) {
      lines.push(
        '',
        `### ${r.name}: where a call's time goes`,
        '',
        ...r.breakdown,
      )
    }
  }
  lines.push(
    '',
    `Whole run: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s`,
    '',
  )
  return lines.join('\n')
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint()
  const targets: Target[] = []
  if (args.db !== 'mysql') {
    targets.push(sqliteTarget())
  }
  if (args.db !== 'sqlite') {
    if (await mysqlAvailable()) {
      targets.push(mysqlTarget())
    } else if (args.db === 'mysql') {
      throw new Error(`MySQL at ${MYSQL_URL} did not answer`)
    } else {
      log(`MySQL at ${MYSQL_URL} did not answer; skipping it`)
    }
  }
  const results: Result[] = []
  for (const target of targets) {
    results.push(await benchTarget(target))
  }
  process.stdout.write(report(results, started))

  if (args.drop) {
    for (const target of targets) {
      if (target.name === 'SQLite') {
        for (const suffix of ['', '-wal', '-shm']) {
          rmSync(`${SQLITE_PATH}${suffix}`, { force: true })
        }
      } else {
        const admin = await createConnection({ uri: MYSQL_URL })
        await admin.query(`DROP DATABASE IF EXISTS \`${MYSQL_DATABASE}\``)
        await admin.end()
      }
    }
    log('datasets dropped (--drop)')
  }
  agent.destroy()
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${String(error)}\n${(error as Error).stack ?? ''}\n`,
  )
  process.exit(1)
})
