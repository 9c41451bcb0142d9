import { createHash, timingSafeEqual } from 'node:crypto'
import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import Router from '@koa/router'
import type { Context } from 'koa'
import type { DataSource } from 'typeorm'
import type { Config } from '../../../config'
import type { Logger } from '../../../logger'
import {
  AppError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from '../../../errors'
import type { RequestState } from '../../../middlewares/request-context'
import { isRowType, ROW_TYPES } from './csv-rows'
import { readExport, type ExportFormat } from './export-reader'
import type { ImportRowType } from './import.schema'
import { RecordImporter, type ImportReport } from './record-importer'
import { decodeUtf8, EncodingError } from './utf8-text'

/** What `POST /api/import` answers: the report, its refusals cut short. */
export interface ImportResponse extends Omit<ImportReport, 'failed'> {
  /** The first FAILURES_LISTED refused rows, by line. */
  failed: ImportReport['failed']
  /** Every refused row, listed or not. */
  failedCount: number
}

const FAILURES_LISTED = 1000

const FORMATS: Record<string, ExportFormat> = {
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/json-lines': 'jsonl',
  'text/csv': 'csv',
}

// An import writes thousands of rows; two at once would only slow each
// other and interleave their batches. Per process, which is what holds the
// database connections.
let running = false

/**
 * `POST /api/import`: the hospital system pushes an export, JSON lines or
 * CSV, machine to machine, with `Authorization: Bearer <IMPORT_TOKEN>`. The
 * body is streamed to a temporary file, not into the importer: an upload
 * cut off or over the limit then writes nothing at all. The answer is the
 * import's report. Without IMPORT_TOKEN the endpoint is off and answers 404
 * as if it did not exist; the log says why.
 */
export function createImportRouter(
  dataSource: DataSource,
  config: Config,
): Router<RequestState> {
  const router = new Router<RequestState>()

  router.post('import.create', '/api/import', async (ctx) => {
    const { token, bodyLimit } = config.import
    if (token === null) {
      ctx.state.log.warn('POST /api/import is off: IMPORT_TOKEN is not set')
      throw new NotFoundError()
    }
    authenticate(ctx, token)
    const format = formatOf(ctx)
    const type = typeOf(ctx.query.type)
    if (Number(ctx.get('content-length')) > bodyLimit) {
      throw new PayloadTooLargeError(bodyLimit)
    }
    ctx.body = await alone(() =>
      importBody(dataSource, ctx.req, {
        format,
        type,
        bodyLimit,
        log: ctx.state.log.child({ by: 'his', format }),
      }),
    )
  })

  return router
}

/** Runs `work` unless an import is running already (409). */
async function alone<T>(work: () => Promise<T>): Promise<T> {
  if (running) {
    throw new AppError(
      409,
      'IMPORT_RUNNING',
      'another import is running; send this one when it has finished',
    )
  }
  running = true
  try {
    return await work()
  } finally {
    running = false
  }
}

/** Spools the body, imports it, and logs what happened by counts only. */
async function importBody(
  dataSource: DataSource,
  request: IncomingMessage,
  options: {
    format: ExportFormat
    type: ImportRowType | undefined
    bodyLimit: number
    log: Logger
  },
): Promise<ImportResponse> {
  const { format, type, log } = options
  const started = Date.now()
  log.info('import started')
  const dir = await mkdtemp(join(tmpdir(), 'petcare-import-'))
  try {
    const path = join(dir, 'export')
    const bytes = await spool(request, path, options.bodyLimit)
    const importer = new RecordImporter(dataSource)
    await readExport(createReadStream(path), importer, { format, type })
    const report = await importer.finish()

    // Counts only: rows are personal data, and a reason may quote one.
    log.info(
      {
        bytes,
        read: report.read,
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
        failed: report.failed.length,
        seconds: (Date.now() - started) / 1000,
      },
      'import finished',
    )
    return {
      ...report,
      failed: report.failed.slice(0, FAILURES_LISTED),
      failedCount: report.failed.length,
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function authenticate(ctx: Context, token: string): void {
  const given = /^Bearer +(\S+) *$/i.exec(ctx.get('authorization'))?.[1]
  if (given === undefined || !sameSecret(given, token)) {
    ctx.set('WWW-Authenticate', 'Bearer')
    throw new UnauthorizedError(
      'UNAUTHENTICATED',
      'send the import token as Authorization: Bearer <token>',
    )
  }
}

/** Compares in constant time; hashing first hides the length as well. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(given), digest(expected))
}

function formatOf(ctx: Context): ExportFormat {
  const format = FORMATS[ctx.request.type]
  if (!format) {
    throw new AppError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'send application/x-ndjson (JSON lines) or text/csv',
    )
  }
  const charset = ctx.request.charset
  if (charset && !/^utf-?8$/i.test(charset)) {
    throw new AppError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'send UTF-8; convert other encodings (such as GBK) first',
    )
  }
  return format
}

function typeOf(
  query: string | string[] | undefined,
): ImportRowType | undefined {
  if (query === undefined) {
    return undefined
  }
  if (typeof query !== 'string' || !isRowType(query)) {
    throw new ValidationError(`type must be one of ${ROW_TYPES.join(', ')}`)
  }
  return query
}

/**
 * Writes the body to `path` as checked UTF-8 text, and returns its size.
 * On a refusal the rest of the body is read and dropped, so that the client
 * gets the answer rather than a reset connection.
 */
async function spool(
  request: IncomingMessage,
  path: string,
  limit: number,
): Promise<number> {
  let bytes = 0
  async function* limited(): AsyncGenerator<Buffer> {
    try {
      // Not the default iterator: it would destroy the socket on a refusal.
      for await (const chunk of request.iterator({ destroyOnReturn: false })) {
        bytes += (chunk as Buffer).length
        if (bytes > limit) {
          throw new PayloadTooLargeError(limit)
        }
        yield chunk as Buffer
      }
    } catch (error) {
      throw error instanceof AppError
        ? error
        : new AppError(400, 'VALIDATION_FAILED', 'request body incomplete', {
            cause: error,
          })
    }
  }

  const file = createWriteStream(path)
  try {
    for await (const text of decodeUtf8(limited())) {
      if (!file.write(text)) {
        await once(file, 'drain')
      }
    }
  } catch (error) {
    request.resume()
    if (error instanceof EncodingError) {
      throw new ValidationError(`line ${error.line}: ${error.message}`, {
        line: error.line,
      })
    }
    throw error
  } finally {
    file.end()
    await finished(file)
  }
  return bytes
}
