/**
 * Where `bench:console`'s queries spend their time, and what would change
 * it. The SQL is the server's own, as its query log caught it (so these
 * numbers follow the code as it changes): on MariaDB each plan step by
 * step from ANALYZE FORMAT=JSON (rows read, time in the storage engine and
 * in the executor, pages read from disk), on SQLite EXPLAIN QUERY PLAN.
 *
 * The experiments time the same SQL on the bench's own database with a
 * candidate index added, and the answer read from a pre-aggregated table
 * instead, checked to be the same answer. Everything they add is named
 * `bench_…` and dropped again; the server's schema is not changed.
 */
import { chinaWeekSeconds, addIsoWeeks, type IsoWeek } from '@petcare/domain'
import type { Explainer } from './sidebar-queries'

export interface Db extends Explainer {
  name: 'SQLite' | 'MariaDB'
}

export interface Sql {
  sql: string
  params: unknown[]
  /** Its mean time inside the calls, when the breakdown timed it. */
  ms?: number
}

/**
 * The parameters as the query log wrote them (JSON): a Date became ISO
 * text with a `Z`, which MariaDB's DATETIME comparison does not take.
 */
function paramsFor(params: unknown[]): unknown[] {
  return params.map((p) =>
    typeof p === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(p)
      ? p.replace('T', ' ').replace('Z', '')
      : p,
  )
}

const ms = (value: number) =>
  value < 10
    ? value.toFixed(2)
    : value < 1000
      ? value.toFixed(0)
      : value.toFixed(0)
const count = (value: number) => Math.round(value).toLocaleString('en-US')
/** Rows per run of a subquery: often under one, so with decimals. */
const perLoop = (value: number) =>
  value < 10 ? value.toFixed(2) : count(value)

type Rows = Record<string, unknown>[]

/** One run's time, ms, as the client sees it, and its rows. */
async function timeOnce(
  db: Db,
  query: Sql,
): Promise<{ ms: number; rows: Rows }> {
  const started = process.hrtime.bigint()
  const rows = await db.query<Record<string, unknown>>(
    query.sql,
    paramsFor(query.params),
  )
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, rows }
}

/**
 * The median of three runs after one to warm the caches, with the rows;
 * just the one when it takes over a second (the calls warmed the caches).
 */
async function timeQuery(
  db: Db,
  query: Sql,
): Promise<{ ms: number; rows: Rows }> {
  const first = await timeOnce(db, query)
  if (first.ms > 1000) {
    return first
  }
  const runs = 3
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    times.push((await timeOnce(db, query)).ms)
  }
  return {
    ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!,
    rows: first.rows,
  }
}

/** A short name for a query of the console. */
function nameOf(sql: string, params: unknown[]): string | null {
  if (/COUNT\(DISTINCT external_user_id\)/.test(sql)) {
    return 'leaderboard: a week per member (memberCounts, 2 per call)'
  }
  if (/SELECT DISTINCT user_id, external_user_id/.test(sql)) {
    return `leaderboard: 8-week trend (trend), IN list of ${params.length - 3} members`
  }
  if (/FROM visit/.test(sql)) {
    return 'repurchase: monthly cohorts (the only query)'
  }
  return null
}

// ------------------------------------------------------------------ plans

interface PlanTable {
  table_name?: string
  access_type?: string
  key?: string
  used_key_parts?: string[]
  rows?: number
  r_rows?: number
  r_loops?: number
  r_table_time_ms?: number
  r_other_time_ms?: number
  r_filtered?: number
  using_index?: boolean
  r_engine_stats?: { pages_read_count?: number; pages_read_time_ms?: number }
}

/**
 * The steps of a MariaDB ANALYZE FORMAT=JSON plan, one line each, nested
 * as the plan nests them: per table what was read, how, and the time in
 * the storage engine (reading) and in the executor (conditions, grouping,
 * temporary tables); per block its total; per sort and cache what it did.
 */
function planSteps(node: unknown, depth: number, out: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((n) => planSteps(n, depth, out))
    return
  }
  if (node === null || typeof node !== 'object') {
    return
  }
  const pad = '  '.repeat(depth)
  const record = node as Record<string, unknown>
  for (const [key, value] of Object.entries(record)) {
    if (value === null || typeof value !== 'object') {
      continue
    }
    const v = value as Record<string, unknown>
    if (key === 'query_block') {
      const loops = Number(v.r_loops ?? 1)
      out.push(
        `${pad}- block ${String(v.select_id)}: ${ms(Number(v.r_total_time_ms ?? 0))} ms` +
          (loops > 1 ? ` over ${count(loops)} runs` : ''),
      )
      planSteps(v, depth + 1, out)
    } else if (key === 'table') {
      const t = v as PlanTable
      const loops = t.r_loops ?? 1
      const disk = t.r_engine_stats?.pages_read_count
      out.push(
        `${pad}- ${t.table_name}: ${t.access_type}` +
          (t.key
            ? ` on ${t.key} (${(t.used_key_parts ?? []).join(', ')})`
            : '') +
          (t.using_index ? ', index only' : '') +
          `, ${count((t.r_rows ?? 0) * loops)} rows read` +
          (loops > 1 ? ` (${perLoop(t.r_rows ?? 0)} × ${count(loops)})` : '') +
          ` (estimated ${count((t.rows ?? 0) * (loops > 1 ? loops : 1))})` +
          (t.r_filtered !== undefined && t.r_filtered < 100
            ? `, ${t.r_filtered.toFixed(0)} % kept`
            : '') +
          `; ${ms(t.r_table_time_ms ?? 0)} ms reading, ${ms(t.r_other_time_ms ?? 0)} ms in the executor` +
          (disk
            ? `; ${count(disk)} pages from disk (${ms(t.r_engine_stats?.pages_read_time_ms ?? 0)} ms)`
            : ''),
      )
      planSteps(v, depth + 1, out)
    } else if (key === 'filesort') {
      out.push(
        `${pad}- sort: ${ms(Number(v.r_total_time_ms ?? 0))} ms, ${count(Number(v.r_output_rows ?? 0))} rows out`,
      )
      planSteps(v, depth + 1, out)
    } else if (key === 'expression_cache') {
      out.push(
        `${pad}- subquery cache: ${String(v.r_hit_ratio ?? 0)} % hits` +
          (v.state ? ` (${String(v.state)})` : ''),
      )
      planSteps(v, depth + 1, out)
    } else if (key === 'materialized') {
      out.push(`${pad}- materialized as a temporary table from:`)
      planSteps(v, depth + 1, out)
    } else {
      planSteps(v, depth, out)
    }
  }
}

/**
 * The plan of each of the console's heavy queries (follow_change, visit),
 * with the parameters of a call the breakdown made.
 */
export async function explainShapes(db: Db, shapes: Sql[]): Promise<string[]> {
  const lines = [`Plans on ${db.name} (a call's parameters):`, '']
  for (const shape of shapes) {
    const name = nameOf(shape.sql, shape.params)
    if (!name) {
      continue
    }
    const params = paramsFor(shape.params)
    if (db.name === 'SQLite') {
      const plan = await db.query<{ detail: string }>(
        `EXPLAIN QUERY PLAN ${shape.sql}`,
        params,
      )
      lines.push(`- ${name}: ${plan.map((p) => p.detail).join('; ')}`)
      continue
    }
    const [analyzed] = await db.query<Record<string, string>>(
      `ANALYZE FORMAT=JSON ${shape.sql}`,
      params,
    )
    const json = JSON.parse(Object.values(analyzed ?? {})[0] ?? '{}') as {
      query_block?: { r_total_time_ms?: number }
    }
    lines.push(
      `- ${name}: ${ms(json.query_block?.r_total_time_ms ?? 0)} ms in MariaDB`,
    )
    planSteps(json, 1, lines)
  }
  return lines
}

// ------------------------------------------------------------ experiments

interface Experiment {
  query: string
  variant: string
  ms: number
  /** Against the as-is time of the same query. */
  base: number
  note: string
}

/** Rows in a comparable form: numbers as numbers, sorted. */
function canonical(rows: Record<string, unknown>[]): string {
  return JSON.stringify(
    rows
      .map((row) =>
        JSON.stringify(
          Object.entries(row)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [
              k,
              v === null || v === '' ? null : isNaN(Number(v)) ? v : Number(v),
            ]),
        ),
      )
      .sort(),
  )
}

const INDEXES = {
  followCover: {
    name: 'bench_fc_cover',
    on: 'follow_change (at, user_id, kind, ended_by, external_user_id)',
  },
  visitPaid: {
    name: 'bench_visit_customer_paid',
    on: 'visit (customer_id, visited_at, paid)',
  },
  visitAt: {
    name: 'bench_visit_at_customer',
    on: 'visit (visited_at, customer_id)',
  },
} as const
const TABLES = ['bench_follow_week', 'bench_repurchase_month']

async function dropIndex(db: Db, index: { name: string; on: string }) {
  const table = index.on.split(' ')[0]!
  await db.query(
    db.name === 'MariaDB'
      ? `DROP INDEX IF EXISTS ${index.name} ON ${table}`
      : `DROP INDEX IF EXISTS ${index.name}`,
  )
}

/** Creates an index; the seconds it took (what a migration would take). */
async function createIndex(
  db: Db,
  index: { name: string; on: string },
): Promise<number> {
  const started = Date.now()
  await db.query(`CREATE INDEX ${index.name} ON ${index.on}`)
  if (db.name === 'MariaDB') {
    await db.query(`ANALYZE TABLE ${index.on.split(' ')[0]}`)
  } else {
    await db.query('ANALYZE')
  }
  return (Date.now() - started) / 1000
}

async function cleanUp(db: Db): Promise<void> {
  for (const index of Object.values(INDEXES)) {
    await dropIndex(db, index)
  }
  for (const table of TABLES) {
    await db.query(`DROP TABLE IF EXISTS ${table}`)
  }
}

/**
 * The experiments on the leaderboard's and repurchase's SQL (from the
 * breakdown's `shapes`), as markdown lines; with `cleanUpOnly`, only drops
 * what an earlier run cut short may have left.
 */
export async function whatIf(
  db: Db,
  shapes: Sql[],
  options: { cleanUpOnly?: boolean; week?: IsoWeek },
): Promise<string[]> {
  await cleanUp(db)
  if (options.cleanUpOnly) {
    return []
  }
  const counts = shapes.find((s) =>
    /COUNT\(DISTINCT external_user_id\)/.test(s.sql),
  )
  const trends = shapes
    .filter((s) => /SELECT DISTINCT user_id, external_user_id/.test(s.sql))
    .sort((a, b) => b.params.length - a.params.length)
  const repurchase = shapes.find((s) => /FROM visit/.test(s.sql))
  if (!counts || trends.length === 0 || !repurchase) {
    return ['(no breakdown to take the SQL from: run without --no-breakdown)']
  }
  const results: Experiment[] = []
  const notes: string[] = []
  try {
    await leaderboardExperiments(
      db,
      counts,
      trends,
      options.week!,
      results,
      notes,
    )
    await repurchaseExperiments(db, repurchase, results, notes)
  } finally {
    await cleanUp(db)
  }
  return [
    '| query | variant | median ms | ÷ as is | note |',
    '|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.query} | ${r.variant} | ${ms(r.ms)} | ${r.variant === 'as is' ? '' : `${(r.ms / r.base).toFixed(3)}`} | ${r.note} |`,
    ),
    '',
    ...notes,
  ]
}

async function leaderboardExperiments(
  db: Db,
  counts: Sql,
  trends: Sql[],
  week: IsoWeek,
  results: Experiment[],
  notes: string[],
): Promise<void> {
  const mysql = db.name === 'MariaDB'
  // The shapes' own weeks: the counts query of `week` and the trend that
  // ends with it.
  const { start, end } = chinaWeekSeconds(week)
  const countsSql = { sql: counts.sql, params: [start, end] }
  const trendStart = chinaWeekSeconds(addIsoWeeks(week, -7)).start
  const trendSql = trends.map((t) => ({
    sql: t.sql,
    params: [trendStart, trendStart, end, ...t.params.slice(3)],
  }))
  const queries: [string, Sql][] = [
    [nameOf(countsSql.sql, countsSql.params)!, countsSql],
    ...trendSql.map((t): [string, Sql] => [nameOf(t.sql, t.params)!, t]),
  ]
  const base = new Map<string, number>()
  const answers = new Map<string, string>()
  for (const [name, query] of queries) {
    const { ms: time, rows } = await timeQuery(db, query)
    base.set(name, time)
    answers.set(name, answerOf(rows, name.startsWith('leaderboard: a week')))
    results.push({
      query: name,
      variant: 'as is',
      ms: time,
      base: time,
      note: '',
    })
  }

  // Head office sees every member: the trend needs no IN list, which
  // leaves the planner the week range to work from.
  const all = trendSql[0]!
  const noList: Sql = {
    sql: all.sql.replace(/\s+AND user_id IN \([?, ]*\)/, ''),
    params: all.params.slice(0, 3),
  }
  const noListName = queries[1]![0]
  const noListRows = await timeQuery(db, noList)
  results.push({
    query: noListName,
    variant: 'without the IN list (head office)',
    ms: noListRows.ms,
    base: base.get(noListName)!,
    note:
      answerOf(noListRows.rows, false) === answers.get(noListName)
        ? 'same answer'
        : 'DIFFERENT ANSWER',
  })

  const built = await createIndex(db, INDEXES.followCover)
  results.push({
    query: noListName,
    variant: `without the IN list + index ${INDEXES.followCover.on}`,
    ms: (await timeQuery(db, noList)).ms,
    base: base.get(noListName)!,
    note: `built in ${built.toFixed(0)} s`,
  })
  for (const [name, query] of queries) {
    const { ms: time } = await timeQuery(db, query)
    results.push({
      query: name,
      variant: `+ index ${INDEXES.followCover.on}`,
      ms: time,
      base: base.get(name)!,
      note: `built in ${built.toFixed(0)} s`,
    })
  }
  await dropIndex(db, INDEXES.followCover)

  // One row per member and week, with the distinct customers the
  // leaderboard counts: a week's figures and the trend read a few hundred
  // rows instead of tens of thousands of changes.
  // Weeks counted from a China Monday before any change: MOD of a
  // negative number is negative in both databases.
  const epoch = chinaWeekSeconds('2020-W01').start
  const weekOf = mysql
    ? `at - MOD(at - ${epoch}, 604800)`
    : `at - ((at - ${epoch}) % 604800)`
  await db.query(
    `CREATE TABLE bench_follow_week (
       week_start BIGINT NOT NULL,
       user_id VARCHAR(128) NOT NULL,
       added INT NOT NULL,
       removed INT NOT NULL,
       removed_by_member INT NOT NULL,
       removed_by_customer INT NOT NULL,
       PRIMARY KEY (week_start, user_id))`,
  )
  const startedBuild = Date.now()
  await db.query(
    `INSERT INTO bench_follow_week
     SELECT ${weekOf} AS w, user_id,
            COUNT(DISTINCT CASE WHEN kind = 'added' THEN external_user_id END),
            COUNT(DISTINCT CASE WHEN kind = 'removed' THEN external_user_id END),
            COUNT(DISTINCT CASE WHEN kind = 'removed' AND ended_by = 'member'
                  THEN external_user_id END),
            COUNT(DISTINCT CASE WHEN kind = 'removed'
                  AND (ended_by IS NULL OR ended_by <> 'member')
                  THEN external_user_id END)
       FROM follow_change GROUP BY w, user_id`,
  )
  const buildSeconds = (Date.now() - startedBuild) / 1000
  const [{ n: weekRows }] = (await db.query<{ n: number | string }>(
    'SELECT COUNT(*) AS n FROM bench_follow_week',
  )) as [{ n: number | string }]
  if (mysql) {
    await db.query('ANALYZE TABLE bench_follow_week')
  }
  // The same answers, from the weekly table: the week per member in the
  // rows memberCounts returns, the trend per bucket and kind.
  const weekCounts: Sql = {
    sql: `SELECT user_id, 'added' AS kind, NULL AS ended_by, added AS n
            FROM bench_follow_week WHERE week_start = ? AND added > 0
          UNION ALL
          SELECT user_id, 'removed', 'member', removed_by_member
            FROM bench_follow_week WHERE week_start = ? AND removed_by_member > 0
          UNION ALL
          SELECT user_id, 'removed', 'customer', removed_by_customer
            FROM bench_follow_week WHERE week_start = ? AND removed_by_customer > 0`,
    params: [start, start, start],
  }
  const weekTrend = (users: unknown[]): Sql => ({
    sql: `SELECT (week_start - ?) / 604800 AS bucket, kind, SUM(n) AS n FROM (
            SELECT week_start, 'added' AS kind, added AS n FROM bench_follow_week
             WHERE week_start >= ? AND week_start < ?
               AND user_id IN (${users.map(() => '?').join(', ')})
            UNION ALL
            SELECT week_start, 'removed', removed FROM bench_follow_week
             WHERE week_start >= ? AND week_start < ?
               AND user_id IN (${users.map(() => '?').join(', ')})
          ) t WHERE n > 0 GROUP BY week_start, kind`,
    params: [trendStart, trendStart, end, ...users, trendStart, end, ...users],
  })
  const aggregated: [string, Sql][] = [
    [queries[0]![0], weekCounts],
    ...trendSql.map((t, i): [string, Sql] => [
      queries[i + 1]![0],
      weekTrend(t.params.slice(3)),
    ]),
  ]
  for (const [name, query] of aggregated) {
    const { ms: time, rows } = await timeQuery(db, query)
    const same =
      answerOf(rows, name.startsWith('leaderboard: a week')) ===
      answers.get(name)
    results.push({
      query: name,
      variant: 'from a weekly table (member, week)',
      ms: time,
      base: base.get(name)!,
      note: `${same ? 'same answer' : 'DIFFERENT ANSWER'}; ${count(Number(weekRows))} rows, backfilled in ${buildSeconds.toFixed(1)} s`,
    })
  }
  notes.push(
    `The weekly table (bench_follow_week: week_start, user_id, added, removed, removed_by_member, removed_by_customer; ` +
      `primary key week_start, user_id) holds per member and China week the distinct customers the leaderboard counts. ` +
      `The worker would keep it when it records a change: only when the row was new, and no other change of that ` +
      `member, customer and kind (and who ended it) lies in the same week (one probe of uq_follow_change), add 1 to the ` +
      `week's column with an upsert.`,
  )
}

/** A query's answer in a comparable form; per member, or per bucket. */
function answerOf(rows: Rows, perMember: boolean): string {
  if (!perMember) {
    return canonical(
      rows.map((r) => ({
        bucket: Math.floor(Number(r.bucket)),
        kind: r.kind,
        n: r.n,
      })),
    )
  }
  return canonical(
    rows.map((r) => ({
      user_id: r.user_id,
      kind: r.kind,
      ended_by: r.kind === 'added' ? null : r.ended_by,
      n: r.n,
    })),
  )
}

async function repurchaseExperiments(
  db: Db,
  query: Sql,
  results: Experiment[],
  notes: string[],
): Promise<void> {
  const name = nameOf(query.sql, query.params)!
  // Seconds a run: its time inside the calls stands for it (the indexes
  // change the time, not the answer, so the answer is taken below).
  const slow = query.ms !== undefined && query.ms > 3000
  const base = slow ? query.ms! : (await timeQuery(db, query)).ms
  results.push({
    query: name,
    variant: 'as is',
    ms: base,
    base,
    note: slow ? 'its time inside the calls' : '',
  })
  const paid = await createIndex(db, INDEXES.visitPaid)
  results.push({
    query: name,
    variant: `+ index ${INDEXES.visitPaid.on}`,
    ms: (await timeQuery(db, query)).ms,
    base,
    note: `built in ${paid.toFixed(0)} s`,
  })
  const at = await createIndex(db, INDEXES.visitAt)
  const both = await timeQuery(db, query)
  results.push({
    query: name,
    variant: `+ both that and ${INDEXES.visitAt.on}`,
    ms: both.ms,
    base,
    note: `the second built in ${at.toFixed(0)} s`,
  })

  // The report's cells computed once (by the import, the only writer of
  // visits) and read back per request.
  await db.query(
    `CREATE TABLE bench_repurchase_month (
       month VARCHAR(7) NOT NULL,
       hospital_id VARCHAR(32) NULL,
       customers INT NOT NULL,
       returned INT NOT NULL)`,
  )
  const started = Date.now()
  await db.query(
    `INSERT INTO bench_repurchase_month (month, hospital_id, customers, returned)
     SELECT month, hospital_id, customers, returned FROM (${query.sql}) r`,
    paramsFor(query.params),
  )
  const built = (Date.now() - started) / 1000
  await dropIndex(db, INDEXES.visitPaid)
  await dropIndex(db, INDEXES.visitAt)
  const read: Sql = {
    sql: `SELECT month, hospital_id, customers, returned
            FROM bench_repurchase_month WHERE month >= ? AND month <= ?`,
    params: ['0000-00', '9999-99'],
  }
  const fromTable = await timeQuery(db, read)
  const same = canonical(fromTable.rows) === canonical(both.rows)
  results.push({
    query: name,
    variant: 'from a monthly table (month, hospital)',
    ms: fromTable.ms,
    base,
    note: `${same ? 'same answer' : 'DIFFERENT ANSWER'}; the 12 months computed in ${built.toFixed(1)} s with both indexes`,
  })
  notes.push(
    "The monthly table (bench_repurchase_month: month, hospital_id, customers, returned) holds the report's cells. " +
      "Visits change only when the hospital system's export is imported, so the import would recompute the months " +
      "its visits can affect (the visits' months and the three before them, whose 90 days they fall in) with the " +
      'same query limited to those months.',
  )
}
