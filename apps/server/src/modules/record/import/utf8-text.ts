import { isUtf8 } from 'node:buffer'

/**
 * The longest line (JSON lines) or row (CSV) read, in characters. A visit's
 * history may hold 100,000 characters; far more is a file that is not what
 * it claims (one huge JSON array, or a CSV quote never closed), and reading
 * on would only hold it all in memory.
 */
export const MAX_ROW_CHARS = 4 * 1024 * 1024

/** Bytes that are not UTF-8, first seen on `line`. */
export class EncodingError extends Error {
  constructor(readonly line: number) {
    super(
      'not UTF-8 text: save or convert the file as UTF-8 first ' +
        '(a GBK export: iconv -f GBK -t UTF-8); other encodings are not read',
    )
    this.name = 'EncodingError'
  }
}

/** A line or row longer than MAX_ROW_CHARS, starting on `line`. */
export class RowTooLongError extends Error {
  constructor(
    readonly line: number,
    hint: string,
  ) {
    super(`longer than ${MAX_ROW_CHARS / 1024 / 1024} MB of text; ${hint}`)
    this.name = 'RowTooLongError'
  }
}

/**
 * Decodes a byte stream as UTF-8 and drops a leading BOM. The first byte that
 * is not UTF-8 stops it with an EncodingError instead of becoming U+FFFD: a
 * GBK export read as UTF-8 would otherwise be stored as mojibake.
 * `onBytes` hears the bytes read so far.
 */
export async function* decodeUtf8(
  source: AsyncIterable<Uint8Array>,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<string> {
  let carry = Buffer.alloc(0)
  let line = 1
  let bytes = 0
  let atStart = true
  for await (const chunk of source) {
    bytes += chunk.length
    const data = Buffer.concat([carry, chunk])
    // A character cut by the chunk's end waits for the next chunk.
    const end = completeLength(data)
    const body = data.subarray(0, end)
    if (!isUtf8(body)) {
      throw new EncodingError(line + countNewlines(body, firstBadByte(body)))
    }
    carry = Buffer.from(data.subarray(end))
    line += countNewlines(body, body.length)

    let text = body.toString('utf8')
    if (atStart && text.length > 0) {
      text = text.startsWith('\uFEFF') ? text.slice(1) : text
      atStart = false
    }
    onBytes?.(bytes)
    if (text.length > 0) {
      yield text
    }
  }
  if (carry.length > 0) {
    throw new EncodingError(line)
  }
}

/**
 * Splits text into lines (`\n` or `\r\n`), each with its 1-based number. A
 * line longer than MAX_ROW_CHARS throws RowTooLongError.
 */
export async function* splitLines(
  texts: AsyncIterable<string>,
): AsyncGenerator<{ text: string; line: number }> {
  let pending: string[] = []
  let pendingLength = 0
  let line = 1
  for await (const text of texts) {
    let from = 0
    for (
      let nl = text.indexOf('\n');
      nl !== -1;
      nl = text.indexOf('\n', from)
    ) {
      const piece = text.slice(from, nl)
      const whole = pending.length > 0 ? pending.join('') + piece : piece
      pending = []
      pendingLength = 0
      yield { text: dropCr(whole), line }
      line++
      from = nl + 1
    }
    if (from < text.length) {
      pending.push(text.slice(from))
      pendingLength += text.length - from
      if (pendingLength > MAX_ROW_CHARS) {
        throw new RowTooLongError(line, 'is this one JSON row per line?')
      }
    }
  }
  if (pending.length > 0) {
    yield { text: dropCr(pending.join('')), line }
  }
}

/** The line without the `\r` of a `\r\n` line end. */
export function dropCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text
}

/** How much of `data` ends on a whole UTF-8 character. */
function completeLength(data: Buffer): number {
  for (let i = data.length - 1; i >= Math.max(0, data.length - 4); i--) {
    const byte = data[i]!
    if ((byte & 0xc0) === 0x80) {
      continue
    }
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return i + size <= data.length ? data.length : i
  }
  return data.length
}

/** Where the first byte that is not UTF-8 is (the body holds one). */
function firstBadByte(body: Buffer): number {
  // The longest valid prefix, by bisection: a prefix cut back to whole
  // characters stays valid until the bad byte is in it.
  let good = 0
  let bad = body.length
  while (bad - good > 1) {
    const middle = (good + bad) >> 1
    const prefix = body.subarray(0, middle)
    if (isUtf8(prefix.subarray(0, completeLength(prefix)))) {
      good = middle
    } else {
      bad = middle
    }
  }
  return good
}

/** `\n` bytes before `end`; in UTF-8 (and in GBK) that byte is only ever a newline. */
function countNewlines(bytes: Buffer, end: number): number {
  let count = 0
  for (
    let i = bytes.indexOf(10);
    i !== -1 && i < end;
    i = bytes.indexOf(10, i + 1)
  ) {
    count++
  }
  return count
}
