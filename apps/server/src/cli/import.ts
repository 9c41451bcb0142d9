/**
 * `pnpm record:import <export.jsonl>`: imports a hospital-system export (one JSON
 * row per line) into the record. Safe to run again: unchanged rows are left
 * alone. Prints progress, then what it did and every refused row.
 */
import { createReadStream } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { loadConfigOrExit, openRuntime, runMain } from '../bootstrap'
import { RecordImporter } from '../modules/record/import/record-importer'

runMain(async () => {
  const file = process.argv[2]
  if (!file) {
    process.stderr.write('usage: pnpm record:import <export.jsonl>\n')
    process.exit(2)
  }
  const config = loadConfigOrExit()
  const { dataSource } = await openRuntime({
    ...config,
    log: { ...config.log, level: 'warn' },
  })
  const importer = new RecordImporter(dataSource)

  // pnpm runs this in apps/server; a relative path is the caller's.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file)
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Infinity,
  })
  const started = Date.now()
  let line = 0
  for await (const text of lines) {
    line++
    await importer.add(text, line)
    if (line % 5000 === 0 && process.stderr.isTTY) {
      const seconds = (Date.now() - started) / 1000
      process.stderr.write(
        `\r${line} rows read, ${Math.round(line / seconds)} rows/s`,
      )
    }
  }
  const report = await importer.finish()
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (process.stderr.isTTY) {
    process.stderr.write('\n')
  }
  process.stdout.write(
    `${report.read} rows in ${seconds} s: ${report.inserted} new, ${report.updated} changed, ` +
      `${report.unchanged} unchanged, ${report.failed.length} refused\n`,
  )
  for (const failure of report.failed.slice(0, 50)) {
    process.stdout.write(`  line ${failure.line}: ${failure.reason}\n`)
  }
  if (report.failed.length > 50) {
    process.stdout.write(`  … and ${report.failed.length - 50} more\n`)
  }
  await dataSource.destroy()
  process.exitCode = report.failed.length > 0 ? 1 : 0
})
