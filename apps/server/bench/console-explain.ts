/**
 * Where `bench:console`'s queries spend their time, and what would change
 * it. The SQL is the server's own, as its query log caught it (so these
 * numbers follow the code as it changes): on MariaDB each plan step by
 * step from ANALYZE FORMAT=JSON (rows read, time in the storage engine and
 * in the executor, pages read from disk), on SQLite EXPLAIN QUERY PLAN.
 */
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

/** A short name for a query of the console. */
function nameOf(sql: string, params: unknown[]): string | null {
  if (/FROM follow_week\b/.test(sql)) {
    return 'leaderboard: 8 weeks per member from follow_week (the only query)'
  }
  if (/FROM repurchase_month\b/.test(sql)) {
    return `repurchase: cohorts from repurchase_month${
      params.length > 2 ? `, ${params.length - 2} hospitals` : ''
    } (the only query)`
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
 * The plan of each of the console's report queries (follow_week,
 * repurchase_month),
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
