/**
 * `pnpm bench:import`: imports 100,000 visits (with their customers and
 * pets) from a JSON-lines export, on SQLite and (when it answers) MariaDB,
 * next to a baseline that only reads and checks the same rows.
 *
 *   BENCH_VISITS=100000 pnpm bench:import
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnection } from 'mysql2/promise'
import type { DatabaseConfig } from '../src/config'
import { createDataSource, openDatabase } from '../src/db/data-source'
import { ImportRowSchema } from '../src/modules/record/import/import.schema'
import { RecordImporter } from '../src/modules/record/import/record-importer'

const VISITS = Number(process.env.BENCH_VISITS ?? 100_000)
const MYSQL_URL =
  process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'

/** An export as a hospital system would write it: customers, pets, visits. */
function makeExport(): string[] {
  const customers = Math.ceil(VISITS / 10)
  const lines: string[] = []
  for (let c = 0; c < customers; c++) {
    lines.push(
      JSON.stringify({
        type: 'customer',
        id: `C${100000 + c}`,
        name: `客户${c}`,
        phone: `138${String(c).padStart(8, '0')}`,
      }),
    )
    lines.push(
      JSON.stringify({
        type: 'pet',
        id: `P${100000 + c}`,
        customerId: `C${100000 + c}`,
        name: '豆豆',
        species: c % 2 ? 'cat' : 'dog',
        birthDate: '2022-05-01',
      }),
    )
  }
  for (let v = 0; v < VISITS; v++) {
    const c = v % customers
    lines.push(
      JSON.stringify({
        type: 'visit',
        id: `VIS${v}`,
        petId: `P${100000 + c}`,
        customerId: `C${100000 + c}`,
        hospitalId: 'SH001',
        doctorName: '李医生',
        visitedAt: new Date(Date.UTC(2025, 0, 1) + v * 60_000).toISOString(),
        reason: '复查',
        history: '主诉：精神食欲可，复查伤口。',
        exam: { temperatureC: 38.6, heartRate: 120 },
        diagnoses: ['术后复查'],
        treatments: ['换药'],
        amount: 98,
        paid: true,
      }),
    )
  }
  return lines
}

async function timeImport(
  database: DatabaseConfig,
  lines: string[],
): Promise<number> {
  const dataSource = createDataSource(database)
  await openDatabase(dataSource)
  try {
    const importer = new RecordImporter(dataSource)
    const started = process.hrtime.bigint()
    for (const [index, line] of lines.entries()) {
      await importer.add(line, index + 1)
    }
    const report = await importer.finish()
    if (report.failed.length > 0 || report.inserted !== lines.length) {
      throw new Error(
        `import went wrong: ${JSON.stringify(report).slice(0, 300)}`,
      )
    }
    return Number(process.hrtime.bigint() - started) / 1e9
  } finally {
    await dataSource.destroy()
  }
}

async function main(): Promise<void> {
  const lines = makeExport()
  const started = process.hrtime.bigint()
  for (const line of lines) {
    ImportRowSchema.parse(JSON.parse(line))
  }
  const baseline = Number(process.hrtime.bigint() - started) / 1e9

  const dir = mkdtempSync(join(tmpdir(), 'petcare-bench-import-'))
  const results: [string, number][] = []
  try {
    results.push([
      'SQLite',
      await timeImport(
        { kind: 'sqlite', path: join(dir, 'import.sqlite') },
        lines,
      ),
    ])
    const admin = await createConnection({
      uri: MYSQL_URL,
      connectTimeout: 2000,
    }).catch(() => null)
    if (admin) {
      const name = `petcare_bi_${process.pid}`
      await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`)
      const url = new URL(MYSQL_URL)
      url.pathname = `/${name}`
      try {
        results.push([
          'MariaDB',
          await timeImport({ kind: 'mysql', url: url.toString() }, lines),
        ])
      } finally {
        await admin.query(`DROP DATABASE ${name}`)
        await admin.end()
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  process.stdout.write(
    [
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`,
      `Export: ${VISITS} visits, ${VISITS / 10} customers and ${VISITS / 10} pets (${lines.length} rows)`,
      '',
      '| database | seconds | rows/s | baseline (read + check only) s |',
      '|---|---|---|---|',
      ...results.map(
        ([name, seconds]) =>
          `| ${name} | ${seconds.toFixed(1)} | ${Math.round(lines.length / seconds)} | ${baseline.toFixed(1)} |`,
      ),
      '',
    ].join('\n'),
  )
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${String(error)}\n`)
  process.exit(1)
})
