/**
 * The per-query breakdown of `bench:sidebar`: the lines `sidebar-server.ts`
 * logs with BENCH_QUERY_LOG, grouped by query shape (the SQL with its IN
 * lists and VALUES folded), and each shape's plan from EXPLAIN.
 */

/** A line of the query log: a query, or a request's end. */
export interface QueryLine {
  req: number | null
  sql?: string
  params?: unknown[]
  /** Ms from the request's start to the query's. */
  start?: number | null
  ms?: number
  /** The request's time in the server, ms. */
  total?: number
}

export interface Shape {
  id: string
  label: string
  sql: string
  params: unknown[]
  ms: number[]
}

/** What a database must answer for the plans. */
export interface Explainer {
  name: string
  query<T>(sql: string, params?: unknown[]): Promise<T[]>
}

function shapeOf(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/IN \((\?(, )?)+\)/g, 'IN (…)')
    .replace(/ VALUES .*/, ' VALUES …')
    .trim()
}

/** A shape short enough to read: no select lists, quotes or aliases. */
function labelOf(shape: string): string {
  const text = shape
    .replace(/[`"]/g, '')
    .replace(/SELECT (DISTINCT )?.*? FROM /g, 'SELECT … FROM ')
    .replace(/INSERT INTO (\w+)\s*\(.*?\) VALUES/, 'INSERT INTO $1 VALUES')
    .replace(/\b[A-Za-z_]+\.(\w+)/g, '$1')
    .replace(/\(\((.*?)\)\)/g, '($1)')
  return text.length > 160 ? `${text.slice(0, 157)}…` : text
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? 0
    : sorted[
        Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
      ]!
}

const ms = (value: number) => value.toFixed(2)

/**
 * Per shape: how often a call runs it, its mean and p95 time as the server
 * waits for it, and its share of all query time; per call: the server's
 * time, the time some query was running (queries of one `Promise.all` run
 * side by side) and the rest, which is Node's.
 */
export function summarizeQueries(
  lines: QueryLine[],
  database: string,
): { shapes: Shape[]; lines: string[] } {
  const totals = new Map<number, number>()
  const intervals = new Map<number, [number, number][]>()
  const timeline = new Map<
    number,
    { shape: Shape; start: number; ms: number }[]
  >()
  const shapes = new Map<string, Shape>()
  for (const line of lines) {
    if (line.req === null) {
      continue
    }
    if (line.total !== undefined) {
      totals.set(line.req, line.total)
      continue
    }
    const key = shapeOf(line.sql!)
    let shape = shapes.get(key)
    if (!shape) {
      shape = {
        id: '',
        label: labelOf(key),
        sql: line.sql!,
        params: line.params ?? [],
        ms: [],
      }
      shapes.set(key, shape)
    }
    shape.ms.push(line.ms!)
    const list = intervals.get(line.req) ?? []
    list.push([line.start!, line.start! + line.ms!])
    intervals.set(line.req, list)
    const steps = timeline.get(line.req) ?? []
    steps.push({ shape, start: line.start!, ms: line.ms! })
    timeline.set(line.req, steps)
  }
  const calls = totals.size
  const ordered = [...shapes.values()].sort((a, b) => sum(b.ms) - sum(a.ms))
  ordered.forEach((shape, i) => (shape.id = `Q${i + 1}`))
  const allQueryMs = ordered.reduce((total, s) => total + sum(s.ms), 0)

  const serverMs: number[] = []
  const busyMs: number[] = []
  const stretches: number[] = []
  for (const [req, total] of totals) {
    serverMs.push(total)
    const busy = union(intervals.get(req) ?? [])
    busyMs.push(busy.ms)
    stretches.push(busy.stretches)
  }
  serverMs.sort((a, b) => a - b)
  const meanServer = sum(serverMs) / Math.max(1, calls)
  const meanBusy = sum(busyMs) / Math.max(1, calls)
  const queriesPerCall =
    ordered.reduce((n, s) => n + s.ms.length, 0) / Math.max(1, calls)

  // The call at the median, wait by wait: queries that overlap ran side
  // by side (one Promise.all); each new wait is a round trip in sequence.
  const median = [...totals].sort((a, b) => a[1] - b[1])[
    Math.floor(totals.size / 2)
  ]
  const waits: string[] = []
  if (median) {
    let end = -Infinity
    for (const step of [...(timeline.get(median[0]) ?? [])].sort(
      (a, b) => a.start - b.start,
    )) {
      const text = `${step.shape.id} ${ms(step.ms)}`
      if (step.start > end) {
        waits.push(`@${step.start.toFixed(1)} ms: ${text}`)
      } else {
        waits[waits.length - 1] += `, ${text}`
      }
      end = Math.max(end, step.start + step.ms)
    }
  }

  return {
    shapes: ordered,
    lines: [
      `${calls} calls one at a time with every query timed (the wait for its answer, in the server). ` +
        `A call runs ${queriesPerCall.toFixed(1)} queries; its time in the server: mean ${ms(meanServer)} ms, ` +
        `p50 ${ms(percentile(serverMs, 50))}, p95 ${ms(percentile(serverMs, 95))}; ` +
        `of the mean, ${ms(meanBusy)} ms with a query running on ${database} ` +
        `(${(sum(stretches) / Math.max(1, calls)).toFixed(1)} waits one after another) and ` +
        `${ms(meanServer - meanBusy)} ms in Node alone (routing, session, TypeORM, the view, JSON).`,
      '',
      '| query | per call | mean ms | p95 ms | share of query time |',
      '|---|---|---|---|---|',
      ...ordered.map((s) => {
        const sorted = [...s.ms].sort((a, b) => a - b)
        return (
          `| ${s.id} \`${s.label.replace(/\|/g, '\\|')}\` | ${(s.ms.length / Math.max(1, calls)).toFixed(2)} | ` +
          `${ms(sum(s.ms) / s.ms.length)} | ${ms(percentile(sorted, 95))} | ` +
          `${((sum(s.ms) / allQueryMs) * 100).toFixed(0)}% |`
        )
      }),
      '',
      `The median call (${ms(median?.[1] ?? 0)} ms in the server), wait by wait (query, ms; side by side within a line):`,
      '',
      ...waits.map((wait, i) => `${i + 1}. ${wait}`),
    ],
  }
}

function sum(values: number[]): number {
  return values.reduce((total, v) => total + v, 0)
}

/**
 * The length of the union of intervals, and in how many separate stretches:
 * the round trips one after another on the call's path.
 */
function union(intervals: [number, number][]): {
  ms: number
  stretches: number
} {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0])
  let ms = 0
  let stretches = 0
  let end = -Infinity
  for (const [from, to] of sorted) {
    if (from > end) {
      stretches++
    }
    if (to > end) {
      ms += to - Math.max(from, end)
      end = to
    }
  }
  return { ms, stretches }
}

/**
 * Each SELECT's plan, for the parameters of its first call: on MariaDB
 * EXPLAIN's access type, key and rows per table, and ANALYZE's time in the
 * server; on SQLite EXPLAIN QUERY PLAN.
 */
export async function explainAll(
  shapes: Shape[],
  db: Explainer,
): Promise<string[]> {
  const lines = [`Plans on ${db.name}:`, '']
  for (const shape of shapes) {
    if (!/^\s*(\(\s*)?SELECT/i.test(shape.sql)) {
      continue
    }
    if (db.name === 'SQLite') {
      const plan = await db.query<{ detail: string }>(
        `EXPLAIN QUERY PLAN ${shape.sql}`,
        shape.params,
      )
      lines.push(`- ${shape.id}: ${plan.map((p) => p.detail).join('; ')}`)
      continue
    }
    const plan = await db.query<{
      table: string | null
      type: string | null
      key: string | null
      rows: number | null
      Extra: string | null
    }>(`EXPLAIN ${shape.sql}`, shape.params)
    const [analyzed] = await db.query<Record<string, string>>(
      `ANALYZE FORMAT=JSON ${shape.sql}`,
      shape.params,
    )
    const json = JSON.parse(Object.values(analyzed ?? {})[0] ?? '{}') as unknown
    lines.push(
      `- ${shape.id} (${ms(serverTime(json))} ms in MariaDB): ` +
        plan
          .map(
            (p) =>
              `${p.table ?? '-'} ${p.type ?? '-'} key=${p.key ?? 'NONE'} rows=${p.rows ?? '-'}` +
              (p.Extra ? ` (${p.Extra})` : ''),
          )
          .join('; '),
    )
  }
  return lines
}

/** The time ANALYZE FORMAT=JSON reports, summed over a union's parts. */
function serverTime(node: unknown): number {
  if (Array.isArray(node)) {
    return node.reduce((total: number, n) => total + serverTime(n), 0)
  }
  if (node === null || typeof node !== 'object') {
    return 0
  }
  const record = node as Record<string, unknown>
  if (typeof record.r_total_time_ms === 'number' && 'select_id' in record) {
    return record.r_total_time_ms
  }
  return Object.values(record).reduce(
    (total: number, value) => total + serverTime(value),
    0,
  )
}
