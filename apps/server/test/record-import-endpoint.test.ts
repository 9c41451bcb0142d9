import { ConfigError, loadConfig } from '../src/config'
import { HospitalCustomerEntity } from '../src/modules/record/hospital-customer.entity'
import { databaseTargets, type TestDatabase } from './databases'
import {
  countRecords,
  EXPORT_CSV,
  EXPORT_JSONL,
  EXPORT_ROWS,
} from './record-import.fixtures'
import { startTestApp, type TestApp } from './test-app'

const TOKEN = 'his-import-token-0123456789abcdefghij'
/** About 50 KB, so a test can go over it cheaply. */
const LIMIT_MB = '0.05'

const NDJSON = { 'content-type': 'application/x-ndjson' }

function post(
  app: TestApp,
  body: RequestInit['body'],
  headers: Record<string, string> = {},
  query = '',
): Promise<Response> {
  return fetch(`${app.url}/api/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, ...NDJSON, ...headers },
    body,
    // Needed by fetch for a streamed body.
    duplex: 'half',
  } as RequestInit)
}

/** A body sent in parts: the first now, the rest when `release` is called. */
function heldBody(first: string, rest: string) {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(first))
      await released
      controller.enqueue(encoder.encode(rest))
      controller.close()
    },
  })
  return { body, release }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  expect(condition()).toBe(true)
}

/** Customer rows, padded so that `count` of them weigh what is needed. */
function customerLines(count: number, from = 0): string {
  return Array.from(
    { length: count },
    (_, i) =>
      JSON.stringify({
        type: 'customer',
        id: `C${from + i}`,
        name: '客户'.padEnd(40, '客'),
      }) + '\n',
  ).join('')
}

describe.each(databaseTargets().map((t) => [t.name, t] as const))(
  'POST /api/import on %s',
  (_name, target) => {
    let database: TestDatabase
    let app: TestApp

    async function start(env: Record<string, string> = {}) {
      app = await startTestApp({
        database: database.config,
        env: { IMPORT_TOKEN: TOKEN, IMPORT_BODY_LIMIT_MB: LIMIT_MB, ...env },
      })
    }

    beforeEach(async () => {
      database = await target.create()
    })

    afterEach(async () => {
      await app?.close()
      await database.drop()
    })

    it('refuses a missing or wrong token with 401 and writes nothing', async () => {
      await start()
      const noToken = await fetch(`${app.url}/api/import`, {
        method: 'POST',
        headers: NDJSON,
        body: EXPORT_JSONL,
      })
      expect(noToken.status).toBe(401)
      expect(noToken.headers.get('www-authenticate')).toBe('Bearer')
      expect(await noToken.json()).toMatchObject({
        error: { code: 'UNAUTHENTICATED' },
      })
      for (const authorization of [
        `Bearer ${TOKEN}x`,
        `Bearer ${TOKEN.slice(0, -1)}`,
        `Basic ${TOKEN}`,
        TOKEN,
      ]) {
        expect((await post(app, EXPORT_JSONL, { authorization })).status).toBe(
          401,
        )
      }
      expect(await countRecords(app.dataSource)).toBe(0)
    })

    it('imports JSON lines and answers the report; the same export again leaves every row unchanged', async () => {
      await start()
      const first = await post(app, EXPORT_JSONL)
      expect(first.status).toBe(200)
      expect(await first.json()).toEqual({
        read: EXPORT_ROWS.length,
        inserted: EXPORT_ROWS.length,
        updated: 0,
        unchanged: 0,
        failed: [],
        failedCount: 0,
      })
      expect(await countRecords(app.dataSource)).toBe(EXPORT_ROWS.length)

      const again = await post(app, EXPORT_JSONL, {
        'content-type': 'application/jsonl; charset=utf-8',
      })
      expect(await again.json()).toEqual({
        read: EXPORT_ROWS.length,
        inserted: 0,
        updated: 0,
        unchanged: EXPORT_ROWS.length,
        failed: [],
        failedCount: 0,
      })
    })

    it('imports CSV, typed by ?type= when the file has no type column, and reports refused rows by line', async () => {
      await start()
      const customers = `${EXPORT_CSV['customers.csv']}C3,韩梅梅,12,SH001,\r\n`
      const response = await post(
        app,
        customers,
        { 'content-type': 'text/csv' },
        '?type=customer',
      )
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({
        read: 3,
        inserted: 2,
        updated: 0,
        unchanged: 0,
        failed: [{ line: 5, reason: 'phone: must be a phone number' }],
        failedCount: 1,
      })
      expect(
        await app.dataSource
          .getRepository(HospitalCustomerEntity)
          .findOneByOrFail({ id: 'C10024' }),
      ).toMatchObject({ name: '张"大"伟' })

      const badType = await post(
        app,
        customers,
        { 'content-type': 'text/csv' },
        '?type=horse',
      )
      expect(badType.status).toBe(400)
    })

    it('lists the first 1000 refused rows and counts them all', async () => {
      await start({ IMPORT_BODY_LIMIT_MB: '1' })
      const response = await post(app, '{"type":"horse"}\n'.repeat(1200))
      const report = (await response.json()) as {
        failed: { line: number }[]
        failedCount: number
      }
      expect(report.failed).toHaveLength(1000)
      expect(report.failed.at(-1)).toMatchObject({ line: 1000 })
      expect(report.failedCount).toBe(1200)
    })

    it('answers 415 to a body that is neither JSON lines nor CSV, or not UTF-8', async () => {
      await start()
      for (const type of [
        'application/json',
        'text/plain',
        'text/csv; charset=gbk',
      ]) {
        const response = await post(app, EXPORT_JSONL, {
          'content-type': type,
        })
        expect(response.status).toBe(415)
        expect(await response.json()).toMatchObject({
          error: { code: 'UNSUPPORTED_MEDIA_TYPE' },
        })
      }
      expect(await countRecords(app.dataSource)).toBe(0)
    })

    it('refuses a body that is not UTF-8 with 400 and writes none of it', async () => {
      await start()
      const body = Buffer.concat([
        Buffer.from(customerLines(3)),
        // 王小美 in GBK.
        Buffer.from('{"type":"customer","id":"C9","name":"'),
        Buffer.from([0xcd, 0xf5, 0xd0, 0xa1, 0xc3, 0xc0]),
        Buffer.from('"}\n'),
      ])
      const response = await post(app, body)
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({
        error: {
          code: 'VALIDATION_FAILED',
          message: expect.stringContaining('line 4: not UTF-8 text'),
        },
      })
      expect(await countRecords(app.dataSource)).toBe(0)
    })

    it('answers 413 over IMPORT_BODY_LIMIT_MB and writes none of the body, declared or streamed', async () => {
      await start()
      const tooLarge = customerLines(1000)
      expect(tooLarge.length).toBeGreaterThan(0.05 * 1024 * 1024)

      const declared = await post(app, tooLarge)
      expect(declared.status).toBe(413)
      expect(await declared.json()).toMatchObject({
        error: { code: 'PAYLOAD_TOO_LARGE' },
      })

      // Chunked, with no length to refuse it by: valid rows come first.
      const { body, release } = heldBody(customerLines(100), tooLarge)
      release()
      const streamed = await post(app, body)
      expect(streamed.status).toBe(413)
      expect(await countRecords(app.dataSource)).toBe(0)

      // The connection and the lock are free again.
      expect((await post(app, customerLines(2))).status).toBe(200)
    })

    it('answers 409 to a second import while one runs', async () => {
      await start()
      const { body, release } = heldBody(customerLines(5), customerLines(5, 5))
      const first = post(app, body)
      await until(() => app.logs().includes('import started'))

      const second = await post(app, customerLines(1, 100))
      expect(second.status).toBe(409)
      expect(await second.json()).toMatchObject({
        error: { code: 'IMPORT_RUNNING' },
      })

      release()
      const done = await first
      expect(done.status).toBe(200)
      expect(await done.json()).toMatchObject({ read: 10, inserted: 10 })
      expect((await post(app, customerLines(1, 100))).status).toBe(200)
    })

    it('logs who imported and the counts, never row contents', async () => {
      await start()
      await post(app, EXPORT_JSONL)
      const line = app
        .logs()
        .split('\n')
        .find((text) => text.includes('"msg":"import finished"'))
      expect(JSON.parse(line!)).toMatchObject({
        level: 30,
        by: 'his',
        format: 'jsonl',
        read: EXPORT_ROWS.length,
        inserted: EXPORT_ROWS.length,
        failed: 0,
        seconds: expect.any(Number),
      })
      expect(app.logs()).not.toContain('王小美')
      expect(app.logs()).not.toContain(TOKEN)
    })

    it('answers 404 as if absent while IMPORT_TOKEN is unset, and says why in the log', async () => {
      app = await startTestApp({ database: database.config })
      const response = await fetch(`${app.url}/api/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, ...NDJSON },
        body: EXPORT_JSONL,
      })
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({
        error: { code: 'NOT_FOUND' },
      })
      expect(app.logs()).toContain('IMPORT_TOKEN is not set')
      expect(await countRecords(app.dataSource)).toBe(0)
    })
  },
)

describe('IMPORT_TOKEN and IMPORT_BODY_LIMIT_MB', () => {
  it('refuses a token shorter than 32 characters', () => {
    expect(() => loadConfig({ IMPORT_TOKEN: 'short' })).toThrow(ConfigError)
    expect(() => loadConfig({ IMPORT_TOKEN: 'short' })).toThrow(
      /IMPORT_TOKEN: must be at least 32 characters/,
    )
  })

  it('turns the endpoint off without a token and takes 100 MB by default', () => {
    expect(loadConfig({ IMPORT_TOKEN: '' }).import).toEqual({
      token: null,
      bodyLimit: 100 * 1024 * 1024,
    })
    expect(
      loadConfig({ IMPORT_TOKEN: TOKEN, IMPORT_BODY_LIMIT_MB: '2' }).import,
    ).toEqual({ token: TOKEN, bodyLimit: 2 * 1024 * 1024 })
  })
})
