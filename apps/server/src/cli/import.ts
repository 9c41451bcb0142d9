/**
 * `pnpm record:import <file>… [--type T] [--format csv|jsonl]`: imports
 * hospital-system exports (JSON lines or CSV) into the record, file after
 * file in the order given. Safe to run again: unchanged rows are left
 * alone. Shows progress, then what it did with each file and every refused
 * row. Exits 1 when a row was refused, 2 on a usage error.
 */
import { createReadStream, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { SingleBar } from 'cli-progress'
import { loadConfigOrExit, openRuntime, runMain } from '../bootstrap'
import { isRowType, ROW_TYPES } from '../modules/record/import/csv-rows'
import {
  formatOfFileName,
  readExport,
  typeOfFileName,
  type ExportFormat,
} from '../modules/record/import/export-reader'
import type { ImportRowType } from '../modules/record/import/import.schema'
import {
  RecordImporter,
  type ImportReport,
} from '../modules/record/import/record-importer'

const USAGE = `usage: pnpm record:import <file>... [--type <type>] [--format csv|jsonl]

Imports hospital-system exports into the record, in the order given, e.g.
  pnpm record:import hospitals.csv customers.csv pets.csv visits.csv
Safe to run again: rows already stored as they are change nothing.

  <file>          .csv, or .jsonl / .ndjson / .json-lines (one JSON row a line)
  -f, --format    csv or jsonl: read every file so, whatever its extension
  -t, --type      the rows' type in every CSV file without a type column
                  (by default each file's name: visits.csv holds visits)
  -h, --help      this text

types: ${ROW_TYPES.join(', ')}
exit status: 0 every row imported, 1 some refused, 2 usage error
`

/** Refusals printed per file; the rest are counted. */
const FAILURES_PRINTED = 50

interface Job {
  path: string
  name: string
  size: number
  format: ExportFormat
  type?: ImportRowType
}

runMain(async () => {
  const jobs = readJobs(process.argv.slice(2))
  const config = loadConfigOrExit()
  const { dataSource } = await openRuntime({
    ...config,
    log: { ...config.log, level: 'warn' },
  })

  const total = { read: 0, inserted: 0, updated: 0, unchanged: 0, failed: 0 }
  const started = Date.now()
  for (const job of jobs) {
    const importer = new RecordImporter(dataSource)
    const progress = createProgress(job)
    await readExport(createReadStream(job.path), importer, {
      format: job.format,
      type: job.type,
      onProgress: progress.update,
    })
    const report = await importer.finish()
    progress.stop(report.read)
    printReport(job.name, report, progress.seconds())
    for (const key of ['read', 'inserted', 'updated', 'unchanged'] as const) {
      total[key] += report[key]
    }
    total.failed += report.failed.length
  }
  if (jobs.length > 1) {
    process.stdout.write(
      `${jobs.length} files, ${summary(total, (Date.now() - started) / 1000)}\n`,
    )
  }
  await dataSource.destroy()
  process.exitCode = total.failed > 0 ? 1 : 0
})

/** The files to import from the command line; exits 2 on a usage error. */
function readJobs(args: string[]): Job[] {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        type: { type: 'string', short: 't' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    return usageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(USAGE)
    process.exit(0)
  }
  if (positionals.length === 0) {
    return usageError('no file given')
  }
  if (values.format && values.format !== 'csv' && values.format !== 'jsonl') {
    return usageError(`--format must be csv or jsonl, not ${values.format}`)
  }
  if (values.type && !isRowType(values.type)) {
    return usageError(`--type must be one of ${ROW_TYPES.join(', ')}`)
  }

  // pnpm runs this in apps/server; a relative path is the caller's.
  const cwd = process.env.INIT_CWD ?? process.cwd()
  return positionals.map((file) => {
    const path = resolve(cwd, file)
    const format =
      (values.format as ExportFormat | undefined) ?? formatOfFileName(file)
    if (!format) {
      return usageError(
        `${file}: not .csv, .jsonl, .ndjson or .json-lines; say which with --format`,
      )
    }
    const size = fileSize(path)
    if (size === undefined) {
      return usageError(`${file}: no such file`)
    }
    const type =
      (values.type as ImportRowType | undefined) ?? typeOfFileName(file)
    return { path, name: basename(file), size, format, type }
  })
}

function usageError(message: string): never {
  process.stderr.write(`record:import: ${message}\n\n${USAGE}`)
  process.exit(2)
}

function fileSize(path: string): number | undefined {
  try {
    const stat = statSync(path)
    return stat.isFile() ? stat.size : undefined
  } catch {
    return undefined
  }
}

interface Progress {
  update(progress: { bytes: number; rows: number }): void
  /** Ends it, with every row of the file read. */
  stop(rows: number): void
  seconds(): number
}

/**
 * A bar on a terminal (bytes read of the file's size, rows/s, ETA); a plain
 * line every few seconds otherwise, as a log or CI would keep it.
 */
function createProgress(job: Job): Progress {
  const started = Date.now()
  const seconds = () => (Date.now() - started) / 1000
  const rate = (rows: number) => Math.round(rows / Math.max(seconds(), 0.001))

  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format:
        '{file} [{bar}] {percentage}% | {done} of {size} | ' +
        '{rows} rows, {rate} rows/s | ETA {eta_formatted}',
      barsize: 24,
      hideCursor: true,
      etaBuffer: 40,
    })
    const payload = (bytes: number, rows: number) => ({
      file: job.name,
      done: formatBytes(bytes),
      size: formatBytes(job.size),
      rows,
      rate: rate(rows),
    })
    bar.start(job.size, 0, payload(0, 0))
    return {
      update({ bytes, rows }) {
        bar.update(bytes, payload(bytes, rows))
      },
      stop(rows) {
        bar.update(job.size, payload(job.size, rows))
        bar.stop()
      },
      seconds,
    }
  }

  let printed = Date.now()
  return {
    update({ bytes, rows }) {
      if (Date.now() - printed < 5000) {
        return
      }
      printed = Date.now()
      const share = job.size > 0 ? bytes / job.size : 1
      const left = share > 0 ? (seconds() * (1 - share)) / share : 0
      process.stderr.write(
        `${job.name}: ${Math.floor(share * 100)}% (${formatBytes(bytes)} of ` +
          `${formatBytes(job.size)}), ${rows} rows, ${rate(rows)} rows/s, ` +
          `about ${Math.ceil(left)} s left\n`,
      )
    },
    stop() {
      // The report that follows says it all.
    },
    seconds,
  }
}

function printReport(name: string, report: ImportReport, seconds: number) {
  process.stdout.write(
    `${name}: ${summary({ ...report, failed: report.failed.length }, seconds)}\n`,
  )
  for (const failure of report.failed.slice(0, FAILURES_PRINTED)) {
    process.stdout.write(`  line ${failure.line}: ${failure.reason}\n`)
  }
  if (report.failed.length > FAILURES_PRINTED) {
    process.stdout.write(
      `  … and ${report.failed.length - FAILURES_PRINTED} more\n`,
    )
  }
}

function summary(
  counts: Omit<ImportReport, 'failed'> & { failed: number },
  seconds: number,
): string {
  return (
    `${counts.read} rows in ${seconds.toFixed(1)} s: ${counts.inserted} new, ` +
    `${counts.updated} changed, ${counts.unchanged} unchanged, ` +
    `${counts.failed} refused`
  )
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
