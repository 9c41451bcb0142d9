/**
 * `pnpm bench:console`: the latency of the console's two heavy reads on a
 * chain-sized dataset, on SQLite and MariaDB, over HTTP against the real
 * app: `GET /api/console/leaderboard` (涨粉榜: follow changes of an ISO week
 * by region, hospital or member, with the previous week and an 8-week
 * trend) on 2,100,000 follow changes over 26 weeks, and
 * `GET /api/console/repurchase` (复购: twelve monthly cohorts by total,
 * region or hospital) on 1,000,000 visits of 300,000 customers. Signed in
 * as head office (a local admin, through `POST /api/auth/local`) and as a
 * region admin (a minted session cookie, as OAuth would leave it). The
 * baseline, measured in the same run, is `GET /api/console/me`: the same
 * session, principal and scope work without the query.
 *
 * Then, per database, where the time goes: each query's time inside the
 * calls and its plan (on MariaDB from ANALYZE FORMAT=JSON, step by step).
 * The reports read tables kept as the data arrives (follow_week by a
 * trigger on follow_change, repurchase_month by the record import); the
 * load times that upkeep: the follow changes go through the trigger, and
 * the cohorts are counted after the visits as an import would.
 *
 * The dataset is built once (`console-data.ts`, `console-load.ts`) and kept
 * between runs: the SQLite file under bench/data/, the MariaDB database
 * `petcare_bench_console`.
 *
 *   pnpm bench:console [--db sqlite|mysql|both] [--events 2100000]
 *     [--customers N] [--visits N] [--calls 200] [--seconds 8] [--fresh]
 *     [--drop] [--no-breakdown]
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
import { addIsoWeeks } from '@petcare/domain'
import Keygrip from 'keygrip'
import { createConnection } from 'mysql2/promise'
import type { DataSource } from 'typeorm'
import { SESSION_COOKIE } from '../src/modules/auth/session'
import { RepurchaseQuery } from '../src/modules/console/repurchase'
import type { ConsoleScope } from '../src/modules/console/scope'
import { FIRST_MONTH, LAST_MONTH, LAST_WEEK } from './console-data'
import { explainShapes, type Db, type Sql } from './console-explain'
import {
  ADMIN,
  ensureMysql,
  ensureSqlite,
  type DatasetInfo,
} from './console-load'
import { databaseUrl } from './sidebar-load'
import { summarizeQueries, type QueryLine } from './sidebar-queries'
import { Sqlite, type SqliteDatabase } from './sqlite-handle'

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    events: { type: 'string', default: '2100000' },
    customers: { type: 'string' },
    visits: { type: 'string' },
    calls: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '8' },
    fresh: { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
    'no-breakdown': { type: 'boolean', default: false },
  },
})
const EVENTS = Number(args.events)
// Smaller runs shrink the record in step with the follow changes.
const VISITS = Number(args.visits ?? Math.round((EVENTS / 2_100_000) * 1e6))
const CUSTOMERS = Number(args.customers ?? Math.round(VISITS * 0.3))
const CALLS = Number(args.calls)
/**
 * Per endpoint, level and role, a row stops at CALLS calls, or once this
 * long has passed with MIN_CALLS done, or at three times this long with
 * one done: calls of seconds each would otherwise take hours.
 */
const SECONDS = Number(args.seconds)
const MIN_CALLS = 5
/**
 * Warm-up, once per endpoint and role (the levels share it): up to 3
 * calls, fewer when they take over 2 s. A warm-up call slower than three
 * times SECONDS counts as measured instead: a query that slow reads the
 * disk for most of its time, which warming does not change.
 */
const WARM_UP_CALLS = 3
const WARM_UP_MS = 2000
/**
 * A row whose calls take longer than this is not repeated for the other
 * levels (or roles) that send the very same SQL; the table says so.
 */
const SAME_SQL_SKIP_MS = 10_000
/** Calls per endpoint in the query breakdown, one at a time. */
const BREAKDOWN_CALLS = 3
const SEED = 1
const TARGET_P95_MS = 100
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/'
const SERVER_DIR = join(__dirname, '..')
const DEFAULT_SIZE =
  EVENTS === 2_100_000 && VISITS === 1_000_000 && CUSTOMERS === 300_000
const SIZE_TAG = `e${EVENTS}-v${VISITS}-c${CUSTOMERS}`
const SQLITE_PATH = join(__dirname, 'data', `console-${SIZE_TAG}.sqlite`)
const MYSQL_DATABASE = DEFAULT_SIZE
  ? 'petcare_bench_console'
  : `petcare_bench_console_${SIZE_TAG.replace(/-/g, '_')}`
// A session key of this run: the server signs with it, the bench mints the
// region admin's cookie with it.
const SESSION_SECRET = randomBytes(32).toString('base64url')
/** The weeks the leaderboard calls rotate over: the data's last eight. */
const WEEKS = Array.from({ length: 8 }, (_, i) => addIsoWeeks(LAST_WEEK, -i))

if (
  !(EVENTS >= 10_000 && VISITS >= 1000 && CUSTOMERS >= 100) ||
  !(CALLS >= 3 && SECONDS > 0) ||
  !['sqlite', 'mysql', 'both'].includes(args.db!)
) {
  process.stderr.write(
    'usage: bench:console [--db sqlite|mysql|both] [--events N≥10000] ' +
      '[--customers N] [--visits N] [--calls N≥3] [--seconds S] [--fresh] ' +
      '[--drop] [--no-breakdown]\n',
  )
  process.exit(2)
}

const log = (line: string) => process.stderr.write(`${line}\n`)

// ------------------------------------------------------------------ HTTP

const agent = new Agent({ keepAlive: true, maxSockets: 4 })

interface Answer {
  status: number
  ms: number
  body: Buffer
  cookies: string[]
}

function call(
  port: number,
  path: string,
  cookie: string,
  body?: object,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body ? JSON.stringify(body) : null
    const started = process.hrtime.bigint()
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: payload ? 'POST' : 'GET',
        agent,
        headers: {
          cookie,
          accept: 'application/json',
          ...(payload
            ? {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              }
            : {}),
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
            cookies: res.headers['set-cookie'] ?? [],
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload ?? undefined)
  })
}

async function ok(port: number, path: string, cookie: string) {
  const answer = await call(port, path, cookie)
  if (answer.status !== 200) {
    throw new Error(
      `${path} answered ${answer.status}: ${answer.body.toString().slice(0, 300)}`,
    )
  }
  return answer
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? 0
    : sorted[
        Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
      ]!
}

interface Stats {
  calls: number
  p50: number
  p95: number
  p99: number
  medianBytes: number
}

function stats(answers: Answer[]): Stats {
  const ms = answers.map((a) => a.ms).sort((a, b) => a - b)
  const bytes = answers.map((a) => a.body.length).sort((a, b) => a - b)
  return {
    calls: answers.length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    medianBytes: percentile(bytes, 50),
  }
}

// ---------------------------------------------------------------- server

/**
 * The sidebar bench's server (`sidebar-server.ts`): the real app from
 * createApp, configured as in production, on 127.0.0.1 at a free port, in
 * a process of its own so the client's work is not counted in its time;
 * with `queryLog`, every query timed into that file.
 */
interface Server {
  port: number
  child: ChildProcess
}

/** Servers running, stopped if the bench is interrupted. */
const live = new Set<ChildProcess>()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of live) {
      child.kill('SIGTERM')
    }
    process.exit(130)
  })
}

async function startServer(
  url: string,
  queryLog: string | null,
): Promise<Server> {
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
  live.add(child)
  child.once('exit', () => live.delete(child))
  let errors = ''
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve(Number(line)),
    )
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code}:\n${errors}`)),
    )
  })
  return { port, child }
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

/** The session cookie exactly as the server sets it after OAuth sign-in. */
function mintCookie(userId: string): string {
  const value = Buffer.from(
    JSON.stringify({ userId, expiresAt: Date.now() + 120 * 60_000 }),
  ).toString('base64url')
  const signature = new Keygrip([SESSION_SECRET], 'sha256').sign(
    `${SESSION_COOKIE}=${value}`,
  )
  return `${SESSION_COOKIE}=${value}; ${SESSION_COOKIE}.sig=${signature}`
}

/** Head office: the local admin signs in with their password. */
async function signInLocal(port: number): Promise<string> {
  const answer = await call(port, '/api/auth/local', '', ADMIN)
  if (answer.status !== 204) {
    throw new Error(
      `local sign-in answered ${answer.status}: ${answer.body.toString()}`,
    )
  }
  return answer.cookies.map((c) => c.split(';')[0]!).join('; ')
}

// --------------------------------------------------------------- database

interface Target extends Db {
  /** The server's DATABASE_URL. */
  url: string
  ensure(): Promise<{ info: DatasetInfo; built: boolean }>
  close(): Promise<void>
}

function sqliteTarget(): Target {
  let db: SqliteDatabase | null = null
  const open = () => (db ??= new Sqlite(SQLITE_PATH))
  return {
    name: 'SQLite',
    url: `sqlite:${SQLITE_PATH}`,
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
    ensure: () =>
      ensureMysql(MYSQL_URL, url, MYSQL_DATABASE, options(), args.fresh!, log),
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
  return {
    events: EVENTS,
    customers: CUSTOMERS,
    visits: VISITS,
    seed: SEED,
  }
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

/** InnoDB's count of pages read from disk; null on SQLite. */
async function diskReads(target: Target): Promise<number | null> {
  if (target.name !== 'MariaDB') {
    return null
  }
  const [row] = await target.query<{ Value: string }>(
    "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_reads'",
  )
  return Number(row!.Value)
}

/**
 * Waits (up to a minute) for InnoDB to write back what a fresh load
 * left dirty, so its flushing does not compete with the measured calls.
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
    if (dirty < 0.01 || Date.now() - started > 60_000) {
      log(`MariaDB: ${(dirty * 100).toFixed(1)}% of the buffer pool dirty`)
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 2000))
  }
}

// ------------------------------------------------------------------- runs

type Role = 'head office' | 'region admin'

interface Endpoint {
  label: string
  /** The path of the i-th call. */
  path: (i: number) => string
  /**
   * Endpoints with the same family send the same SQL (they differ only in
   * how the server groups the rows), per role when the role is in it.
   */
  family: (role: Role) => string
}

const REPURCHASE = `/api/console/repurchase?from=${FIRST_MONTH}&to=${LAST_MONTH}`
const ENDPOINTS: Endpoint[] = [
  {
    label: '/api/console/me (baseline)',
    path: () => '/api/console/me',
    family: (role) => `me ${role}`,
  },
  // The trend's IN list holds the members in scope: per role.
  ...(['region', 'hospital', 'member'] as const).map((level) => ({
    label: `leaderboard level=${level}`,
    path: (i: number) =>
      `/api/console/leaderboard?week=${WEEKS[i % WEEKS.length]}&level=${level}`,
    family: (role: Role) => `leaderboard ${role}`,
  })),
  // The scope is applied to the rows after the query: one SQL for all.
  ...(['total', 'region', 'hospital'] as const).map((by) => ({
    label: `repurchase by=${by}`,
    path: () => `${REPURCHASE}&by=${by}`,
    family: () => 'repurchase',
  })),
]

interface Row {
  role: Role
  endpoint: string
  /** Null when not re-run: the row it sends the same SQL as, instead. */
  stats: Stats | null
  sameAs: string | null
  /** InnoDB pages read from disk per call (MariaDB). */
  diskReadsPerCall: number | null
}

interface Result {
  name: string
  dataset: DatasetInfo
  built: boolean
  rows: Row[]
  /** What each role's /api/console/me said, as a check of the scope. */
  scopes: Record<Role, string>
  breakdown: string[]
  load: [number, number]
  measureSeconds: number
  /** `/healthz` sent while a repurchase call ran: its latency. */
  stallMs: number | null
}

/**
 * Up to CALLS calls, fewer when they are slow (see SECONDS). With `probe`,
 * `/healthz` is called once 50 ms into the first measured call: how long
 * the rest of the server waits while the call runs.
 */
async function measure(
  port: number,
  cookie: string,
  endpoint: Endpoint,
  warmUp: boolean,
  probe: { ms: number | null } | null = null,
): Promise<Answer[]> {
  const answers: Answer[] = []
  const warm = Date.now()
  for (
    let i = 0;
    warmUp && i < WARM_UP_CALLS && Date.now() - warm < WARM_UP_MS;
    i++
  ) {
    const answer = await ok(port, endpoint.path(i + 1), cookie)
    if (answer.ms > 3 * SECONDS * 1000) {
      answers.push(answer)
    }
  }
  const started = Date.now() - answers.reduce((sum, a) => sum + a.ms, 0)
  for (let i = answers.length; i < CALLS; i++) {
    const elapsed = (Date.now() - started) / 1000
    if (
      (i >= MIN_CALLS && elapsed > SECONDS) ||
      (i >= 1 && elapsed > 3 * SECONDS)
    ) {
      break
    }
    if (probe && i === answers.length && probe.ms === null) {
      const running = ok(port, endpoint.path(i), cookie)
      await new Promise((resolve) => setTimeout(resolve, 50))
      probe.ms = (await ok(port, '/healthz', '')).ms
      answers.push(await running)
      continue
    }
    answers.push(await ok(port, endpoint.path(i), cookie))
  }
  return answers
}

async function benchTarget(target: Target): Promise<Result> {
  log(`${target.name}: dataset`)
  const { info, built } = await target.ensure()
  log(
    built
      ? `${target.name}: generated and loaded in ${info.seconds.toFixed(0)} s`
      : `${target.name}: reusing the dataset built ${info.builtAt} (in ${info.seconds.toFixed(0)} s)`,
  )
  if (built && target.name === 'MariaDB') {
    await settle(target)
  }

  const admin = info.regionAdmins[0]!
  const loadBefore = loadavg()[0]!
  const started = Date.now()
  const server = await startServer(target.url, null)
  const rows: Row[] = []
  const scopes = {} as Record<Role, string>
  const stall = { ms: null as number | null }
  try {
    const cookies: Record<Role, string> = {
      'head office': await signInLocal(server.port),
      'region admin': mintCookie(admin.userId),
    }
    for (const [role, cookie] of Object.entries(cookies) as [Role, string][]) {
      const me = JSON.parse(
        (await ok(server.port, '/api/console/me', cookie)).body.toString(),
      ) as { level: string; regions: unknown[]; hospitals: unknown[] }
      const expected =
        role === 'head office'
          ? me.level === 'head_office'
          : me.level === 'region' && me.hospitals.length === admin.hospitals
      if (!expected) {
        throw new Error(`${role} signed in with the wrong scope: ${me.level}`)
      }
      scopes[role] =
        `${me.level}, ${me.regions.length} regions, ${me.hospitals.length} hospitals`
    }
    const warmed = new Set<string>()
    const slow = new Map<string, string>()
    for (const role of Object.keys(cookies) as Role[]) {
      for (const endpoint of ENDPOINTS) {
        const family = endpoint.family(role)
        const sameAs = slow.get(family)
        if (sameAs) {
          rows.push({
            role,
            endpoint: endpoint.label,
            stats: null,
            sameAs,
            diskReadsPerCall: null,
          })
          log(
            `${target.name}: ${role} ${endpoint.label}: same SQL as ${sameAs}, not re-run`,
          )
          continue
        }
        const before = await diskReads(target)
        const answers = await measure(
          server.port,
          cookies[role],
          endpoint,
          !warmed.has(family),
          family === 'repurchase' ? stall : null,
        )
        warmed.add(family)
        const after = await diskReads(target)
        const row: Row = {
          role,
          endpoint: endpoint.label,
          stats: stats(answers),
          sameAs: null,
          diskReadsPerCall:
            before === null || after === null
              ? null
              : (after - before) / answers.length,
        }
        rows.push(row)
        if (row.stats!.p50 > SAME_SQL_SKIP_MS) {
          slow.set(family, `${endpoint.label} as ${role}`)
        }
        log(
          `${target.name}: ${role} ${endpoint.label}: ${row.stats!.calls} calls, ` +
            `p50 ${fmt(row.stats!.p50)} p95 ${fmt(row.stats!.p95)} ms`,
        )
      }
    }
  } finally {
    await stopServer(server)
    await target.close()
  }
  const load: [number, number] = [loadBefore, loadavg()[0]!]
  const measureSeconds = (Date.now() - started) / 1000

  const repurchase = rows.find((r) => r.endpoint.startsWith('repurchase'))
  const breakdown = args['no-breakdown']
    ? []
    : await breakdownOf(
        target,
        admin.userId,
        repurchase?.stats ? repurchase.stats.p50 : null,
      )
  await target.close()
  return {
    name: target.name,
    dataset: info,
    built,
    rows,
    scopes,
    breakdown,
    load,
    measureSeconds,
    stallMs: stall.ms,
  }
}

/** The SQL the breakdown saw, with parameters, for the plans. */
let breakdownShapes: Sql[] = []

/**
 * The repurchase report's SQL as the server builds it, without running
 * it: RepurchaseQuery on a stand-in data source that records the query.
 */
async function repurchaseSql(target: Target): Promise<Sql> {
  const seen: Sql[] = []
  const recorder = {
    options: { type: target.name === 'MariaDB' ? 'mysql' : 'better-sqlite3' },
    query: async (sql: string, params: unknown[]) => {
      seen.push({ sql, params })
      return []
    },
  } as unknown as DataSource
  const everything: ConsoleScope = {
    level: 'head_office',
    regions: [],
    hospitals: [],
    hasHospital: () => true,
    hasRegion: () => true,
    hasWholeRegion: () => true,
  }
  await new RepurchaseQuery(recorder).run(everything, {
    from: FIRST_MONTH,
    to: LAST_MONTH,
    by: 'total',
  })
  return seen[0]!
}

/**
 * Each endpoint's SQL query by query: a server of its own that logs every
 * query with its time, called one at a time, then each SELECT's plan. The
 * repurchase call is left out when the measured calls took over
 * SAME_SQL_SKIP_MS (its one query is all of its time; the plan below
 * splits it): its SQL is then taken from RepurchaseQuery directly.
 */
async function breakdownOf(
  target: Target,
  regionAdmin: string,
  repurchaseMs: number | null,
): Promise<string[]> {
  const callRepurchase =
    repurchaseMs === null || repurchaseMs <= SAME_SQL_SKIP_MS
  const file = join(tmpdir(), `petcare-console-queries-${process.pid}.jsonl`)
  const server = await startServer(target.url, file)
  const groups: { label: string; from: number; to: number }[] = []
  let next = 0
  try {
    const headOffice = await signInLocal(server.port)
    // One cheap call to warm the server (routes, entity metadata, pool).
    await ok(server.port, '/api/console/me', headOffice)
    next += 2
    const region = mintCookie(regionAdmin)
    const runs: [string, string, (i: number) => string][] = [
      ['leaderboard (any level), head office', headOffice, ENDPOINTS[3]!.path],
      ['leaderboard (any level), region admin', region, ENDPOINTS[3]!.path],
      ...(callRepurchase
        ? [
            [
              'repurchase (any grouping), head office',
              headOffice,
              ENDPOINTS[4]!.path,
            ] as [string, string, (i: number) => string],
          ]
        : []),
    ]
    for (const [label, cookie, path] of runs) {
      log(`${target.name}: query breakdown of ${label}`)
      const from = next
      const started = Date.now()
      for (
        let i = 0;
        i < BREAKDOWN_CALLS &&
        (i === 0 || Date.now() - started < SECONDS * 1000);
        i++
      ) {
        await ok(server.port, path(i), cookie)
        next++
      }
      groups.push({ label, from, to: next })
    }
  } finally {
    await stopServer(server)
  }
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as QueryLine)
  rmSync(file, { force: true })
  const out: string[] = []
  const seen = new Set<string>()
  breakdownShapes = []
  for (const group of groups) {
    const summary = summarizeQueries(
      lines.filter(
        (l) => l.req !== null && l.req >= group.from && l.req < group.to,
      ),
      target.name,
    )
    out.push(
      `**${group.label}**: ${summary.lines[0]}`,
      '',
      ...summary.lines.slice(1),
      '',
    )
    for (const shape of summary.shapes) {
      // The trend's IN list differs by scope: both sizes are kept.
      const key = `${shape.sql.replace(/\s+/g, ' ')} ${shape.params.length}`
      if (!seen.has(key) && /^\s*SELECT/i.test(shape.sql)) {
        seen.add(key)
        breakdownShapes.push({
          sql: shape.sql,
          params: shape.params,
          ms: shape.ms.reduce((a, b) => a + b, 0) / shape.ms.length,
        })
      }
    }
  }
  if (!callRepurchase) {
    breakdownShapes.push({
      ...(await repurchaseSql(target)),
      ms: repurchaseMs!,
    })
    out.push(
      `**repurchase (any grouping)**: not called again (a call took ${fmt(repurchaseMs!)} ms); its one query is all but a few ms of a call, split step by step below.`,
      '',
    )
  }
  out.push(...(await explainShapes(target, breakdownShapes)))
  return out
}

// ------------------------------------------------------------------ report

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 1000 ? ms.toFixed(1) : ms.toFixed(0)
}

function report(results: Result[], started: bigint): string {
  const lines: string[] = []
  const first = results[0]!.dataset
  const n = (name: string) => (first.rows[name] ?? 0).toLocaleString('en-US')
  lines.push(
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
      `1-minute load average around the measured calls: ${results.map((r) => `${r.name} ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`).join(', ')} ` +
      "(the bench's own server, client and database make about 1; more is other work on the CPUs)",
    `Dataset (seed ${first.seed}): ${n('follow_change')} follow changes over 26 ISO weeks to ${LAST_WEEK}, ` +
      `${n('hospital_customer')} hospital customers, ${n('visit')} visits ${FIRST_MONTH}…${LAST_MONTH} ` +
      `(~${first.visitTextBytes} bytes of text and JSON each); ${n('region')} regions, ${n('hospital')} hospitals, ${n('staff')} staff`,
    ...results.map(
      (r) =>
        `${r.name} dataset: ${r.built ? 'generated and loaded' : 'reused; it was generated and loaded'} in ${r.dataset.seconds.toFixed(0)} s; ` +
        `scopes: head office ${r.scopes['head office']}; region admin ${r.scopes['region admin']}; calls measured in ${r.measureSeconds.toFixed(0)} s`,
    ),
    `Calls: one at a time over keep-alive loopback, up to ${CALLS} per row, fewer when slow (a row stops after ${SECONDS} s with ${MIN_CALLS} calls done, ` +
      `or after ${3 * SECONDS} s with one; with under 100 calls p99 is the slowest, with under 20 p95 is too), after up to ${WARM_UP_CALLS} warm-up calls per endpoint and role ` +
      `(${WARM_UP_MS / 1000} s at most; one over ${3 * SECONDS} s counts as measured); rows that send the same SQL as a row whose calls took over ${SAME_SQL_SKIP_MS / 1000} s are not re-run; ` +
      `leaderboard weeks rotate over ${WEEKS[WEEKS.length - 1]}…${WEEKS[0]}; repurchase from=${FIRST_MONTH}&to=${LAST_MONTH}`,
    '',
    '| database | as | endpoint | calls | p50 ms | p95 ms | p99 ms | ÷ /me (p50, p95) | disk reads/call |',
    '|---|---|---|---|---|---|---|---|---|',
  )
  for (const r of results) {
    for (const row of r.rows) {
      const base = r.rows.find(
        (b) => b.role === row.role && b.endpoint.startsWith('/api/console/me'),
      )!.stats!
      const s = row.stats
      if (!s) {
        lines.push(
          `| ${r.name} | ${row.role} | ${row.endpoint} | – | same SQL as ${row.sameAs}: not re-run | | | | |`,
        )
        continue
      }
      lines.push(
        `| ${r.name} | ${row.role} | ${row.endpoint} | ${s.calls} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ` +
          `${(s.p50 / base.p50).toFixed(0)}×, ${(s.p95 / base.p95).toFixed(0)}× | ` +
          `${row.diskReadsPerCall === null ? '–' : row.diskReadsPerCall.toFixed(0)} |`,
      )
    }
  }
  lines.push('')
  for (const r of results) {
    if (r.stallMs !== null) {
      lines.push(
        `${r.name}: \`/healthz\` sent 50 ms into a repurchase call answered in ${fmt(r.stallMs)} ms` +
          (r.name === 'SQLite'
            ? ' (better-sqlite3 runs a query on the event loop: the whole server waits for it)'
            : ''),
      )
    }
  }
  lines.push('')
  const mariadb = results.find((r) => r.name === 'MariaDB')
  if (mariadb) {
    const heavy = mariadb.rows.filter(
      (r) => !r.endpoint.startsWith('/api') && r.stats,
    )
    const missed = heavy.filter((r) => r.stats!.p95 > TARGET_P95_MS)
    lines.push(
      `Target p95 ≤ ${TARGET_P95_MS} ms on MariaDB: ${missed.length === 0 ? 'MET' : 'NOT MET'} ` +
        `(${heavy.length - missed.length} of ${heavy.length} measured rows within it` +
        (missed.length > 0
          ? `; worst ${missed
              .sort((a, b) => b.stats!.p95 - a.stats!.p95)
              .slice(0, 3)
              .map((r) => `${r.endpoint} as ${r.role} ${fmt(r.stats!.p95)} ms`)
              .join(', ')}`
          : '') +
        ')',
    )
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
