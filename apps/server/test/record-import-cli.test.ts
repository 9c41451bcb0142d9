import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDataSource, openDatabase } from '../src/db/data-source'
import { VisitEntity } from '../src/modules/record/clinical.entity'
import { PetEntity } from '../src/modules/record/pet.entity'
import { EXPORT_CSV, EXPORT_JSONL, EXPORT_ROWS } from './record-import.fixtures'

const SERVER_DIR = join(__dirname, '..')

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

describe('pnpm record:import', () => {
  let dir: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'petcare-import-cli-'))
    for (const [name, text] of Object.entries(EXPORT_CSV)) {
      writeFileSync(join(dir, name), text)
    }
  })

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  /** Runs the command as pnpm does: in apps/server, called from `dir`. */
  function run(args: string[]): Promise<Run> {
    const child = spawn(
      join(SERVER_DIR, 'node_modules/.bin/tsx'),
      ['src/cli/import.ts', ...args],
      {
        cwd: SERVER_DIR,
        env: {
          ...process.env,
          INIT_CWD: dir,
          DATABASE_URL: `sqlite:${join(dir, 'record.sqlite')}`,
          LOG_FORMAT: 'json',
          NODE_ENV: 'development',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    return new Promise((resolve) =>
      child.once('close', (code) => resolve({ code, stdout, stderr })),
    )
  }

  async function countRows(): Promise<{ pets: number; visits: number }> {
    const dataSource = createDataSource({
      kind: 'sqlite',
      path: join(dir, 'record.sqlite'),
    })
    await openDatabase(dataSource)
    try {
      return {
        pets: await dataSource.getRepository(PetEntity).count(),
        visits: await dataSource.getRepository(VisitEntity).count(),
      }
    } finally {
      await dataSource.destroy()
    }
  }

  it('imports CSV files in the order given, reports each, and exits 1 when a row was refused', async () => {
    writeFileSync(
      join(dir, 'pets.csv'),
      `${EXPORT_CSV['pets.csv']}P20003,C10023,球球,cat,,,,2024-13-01,,,\n`,
    )
    const files = Object.keys(EXPORT_CSV)
    const result = await run(files)

    expect(result.code).toBe(1)
    const lines = result.stdout.split('\n')
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^regions\.csv: 1 rows in [\d.]+ s: 1 new, 0 changed, 0 unchanged, 0 refused$/,
      ),
    )
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^pets\.csv: 3 rows in [\d.]+ s: 2 new, .*, 1 refused$/,
      ),
    )
    expect(lines).toContain('  line 4: birthDate: must be YYYY-MM-DD')
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${files.length} files, ${EXPORT_ROWS.length + 1} rows in [\\d.]+ s: ` +
            `${EXPORT_ROWS.length} new, 0 changed, 0 unchanged, 1 refused$`,
        ),
      ),
    )
    // Not a terminal: no bar drawn, and a file this small needs no line.
    expect(result.stderr).toBe('')
    expect(await countRows()).toEqual({ pets: 2, visits: 2 })
  }, 60_000)

  it('changes nothing on a second run, reads JSON lines and a named --type, and exits 0', async () => {
    await run(Object.keys(EXPORT_CSV))
    writeFileSync(join(dir, 'export.ndjson'), EXPORT_JSONL)
    writeFileSync(join(dir, 'from-his.txt'), EXPORT_CSV['visits.csv']!)

    const jsonl = await run(['export.ndjson', 'visits.csv'])
    expect(jsonl.stdout).toMatch(
      /export\.ndjson: 14 rows in [\d.]+ s: 0 new, 0 changed, 14 unchanged, 0 refused/,
    )
    expect(jsonl.code).toBe(0)

    // The flags hold for every file named, whatever its name says.
    const named = await run(['from-his.txt', '--format', 'csv', '-t', 'visit'])
    expect(named.stdout).toMatch(
      /from-his\.txt: 2 rows in [\d.]+ s: 0 new, 0 changed, 2 unchanged, 0 refused/,
    )
    expect(named.code).toBe(0)
  }, 60_000)

  it.each([
    [[], 'no file given'],
    [['export.json'], 'export.json: not .csv, .jsonl, .ndjson or .json-lines'],
    [['missing.csv'], 'missing.csv: no such file'],
    [['visits.csv', '--type', 'horse'], '--type must be one of region,'],
    [['visits.csv', '--format', 'xml'], '--format must be csv or jsonl'],
    [['visits.csv', '--dry-run'], "Unknown option '--dry-run'"],
  ])(
    'exits 2 with the usage for %j',
    async (args, message) => {
      const result = await run(args)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(message)
      expect(result.stderr).toContain('usage: pnpm record:import <file>...')
      expect(result.stdout).toBe('')
    },
    60_000,
  )
})
