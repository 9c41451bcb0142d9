import { CsvError, parse } from 'csv-parse/sync'
import { dropCr, MAX_ROW_CHARS, RowTooLongError } from './utf8-text'

/** One CSV record: its cells, or why it could not be read. */
export type CsvRecord =
  { line: number; cells: string[] } | { line: number; error: string }

/** Records parsed together; one that fails is parsed again on its own. */
const BLOCK = 256

// `\n` or `\r\n` ends a record; a lone `\r` stays in its cell.
const PARSE_OPTIONS = {
  record_delimiter: '\n',
  relax_column_count: true,
  skip_empty_lines: false,
} as const

/**
 * Reads CSV text into records, each with the physical line it starts on.
 *
 * csv-parse, a well-kept parser, reads the cells: quoting, escapes and the
 * errors they make are its job, not code of ours. It is not fed the stream
 * directly, for two reasons: after a quoting error it cannot find the next
 * record, so every later row of the file is lost (adaltas/node-csv#214), and
 * its line count counts a `\r\n` inside a quoted cell twice. So a small
 * scanner here only finds where each record ends (a newline outside quotes,
 * as RFC 4180 has it), which gives exact line numbers and confines a bad
 * quote to its own row. csv-parse then parses blocks of those records (so
 * memory stays bounded), and a record alone again when its block fails, so
 * that the bad record's own error is reported.
 */
export async function* readCsvRecords(
  texts: AsyncIterable<string>,
): AsyncGenerator<CsvRecord> {
  let block: { text: string; line: number }[] = []
  for await (const record of splitRecords(texts)) {
    block.push(record)
    if (block.length >= BLOCK) {
      yield* parseBlock(block)
      block = []
    }
  }
  yield* parseBlock(block)
}

/** Where the scanner is in a record. */
const State = {
  FieldStart: 0,
  Unquoted: 1,
  Quoted: 2,
  /** A quote inside a quoted cell: its end, or the first of `""`. */
  QuoteInQuoted: 3,
} as const
type State = (typeof State)[keyof typeof State]

const QUOTE = 34
const COMMA = 44
const NEWLINE = 10

/** Splits CSV text into raw records, skipping blank lines. */
async function* splitRecords(
  texts: AsyncIterable<string>,
): AsyncGenerator<{ text: string; line: number }> {
  let state: State = State.FieldStart
  let pending: string[] = []
  let pendingLength = 0
  let line = 1
  let start = 1
  for await (const text of texts) {
    let from = 0
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i)
      if (char === NEWLINE) {
        line++
        if (state !== State.Quoted) {
          const record = dropCr(pending.join('') + text.slice(from, i))
          if (record !== '') {
            yield { text: record, line: start }
          }
          pending = []
          pendingLength = 0
          from = i + 1
          start = line
          state = State.FieldStart
        }
      } else if (state === State.Quoted) {
        state = char === QUOTE ? State.QuoteInQuoted : state
      } else if (state === State.QuoteInQuoted) {
        // `""` is a quote in the cell; anything else after the closing
        // quote but a comma is csv-parse's to refuse.
        state =
          char === QUOTE
            ? State.Quoted
            : char === COMMA
              ? State.FieldStart
              : State.Unquoted
      } else if (char === COMMA) {
        state = State.FieldStart
      } else if (state === State.FieldStart) {
        state = char === QUOTE ? State.Quoted : State.Unquoted
      }
    }
    if (from < text.length) {
      pending.push(text.slice(from))
      pendingLength += text.length - from
      if (pendingLength > MAX_ROW_CHARS) {
        throw new RowTooLongError(start, 'is a quote not closed?')
      }
    }
  }
  const last = dropCr(pending.join(''))
  if (last !== '') {
    yield { text: last, line: start }
  }
}

function* parseBlock(
  block: { text: string; line: number }[],
): Generator<CsvRecord> {
  if (block.length === 0) {
    return
  }
  try {
    const rows = parse(block.map((r) => r.text).join('\n'), PARSE_OPTIONS)
    if (rows.length === block.length) {
      yield* rows.map((cells, i) => ({ line: block[i]!.line, cells }))
      return
    }
  } catch {
    // One of them is bad: each again on its own, below.
  }
  for (const record of block) {
    yield parseOne(record)
  }
}

function parseOne(record: { text: string; line: number }): CsvRecord {
  try {
    const rows = parse(record.text, PARSE_OPTIONS)
    if (rows.length === 1) {
      return { line: record.line, cells: rows[0]! }
    }
    return { line: record.line, error: 'bad CSV: not one row' }
  } catch (error) {
    return { line: record.line, error: describeCsvError(error) }
  }
}

/** csv-parse's errors in words that fit a row (its line numbers do not). */
function describeCsvError(error: unknown): string {
  if (!(error instanceof CsvError)) {
    throw error
  }
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'bad quoting: a quote is not closed, so the row runs to the end of the file'
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'bad quoting: a quoted cell must end at a comma or the end of the row; write a quote inside it as ""'
    case 'INVALID_OPENING_QUOTE':
      return 'bad quoting: a quote inside an unquoted cell; quote the cell and write the quote as ""'
    default:
      return `bad CSV: ${error.message.replace(/ at line \d+/, '')}`
  }
}
