import { basename } from 'node:path'
import { readCsvRecords } from './csv-records'
import { isRowType, readHeader, rowFromCells, type CsvHeader } from './csv-rows'
import type { ImportRowType } from './import.schema'
import type { RecordImporter } from './record-importer'
import {
  decodeUtf8,
  EncodingError,
  RowTooLongError,
  splitLines,
} from './utf8-text'

/** The formats a hospital system's export comes in. */
export type ExportFormat = 'jsonl' | 'csv'

export interface ReadExportOptions {
  format: ExportFormat
  /**
   * CSV: the type of the file's rows, for a file without a `type` column
   * (or a row whose `type` cell is empty).
   */
  type?: ImportRowType
  /** Hears how far the reading is, as chunks arrive. */
  onProgress?: (progress: { bytes: number; rows: number }) => void
}

/**
 * Reads an export (UTF-8, with or without a BOM) row by row into the
 * importer. A row that cannot be read is refused with its line, as a row
 * that fails its checks is. Text that is not UTF-8, or a line too long to
 * be a row, ends the file there: it is refused at that line and the rest
 * is not read. Call `importer.finish()` afterwards.
 */
export async function readExport(
  source: AsyncIterable<Uint8Array>,
  importer: RecordImporter,
  options: ReadExportOptions,
): Promise<void> {
  let rows = 0
  const texts = decodeUtf8(source, (bytes) =>
    options.onProgress?.({ bytes, rows }),
  )
  try {
    if (options.format === 'jsonl') {
      for await (const { text, line } of splitLines(texts)) {
        rows++
        await importer.add(text, line)
      }
    } else {
      for await (const _ of readCsv(texts, importer, options.type)) {
        rows++
      }
    }
  } catch (error) {
    if (error instanceof EncodingError || error instanceof RowTooLongError) {
      importer.refuse(
        error.line,
        `${error.message}; the rest of the file was not read`,
        { isRow: false },
      )
      return
    }
    throw error
  }
}

/** Feeds CSV records to the importer, yielding once per row. */
async function* readCsv(
  texts: AsyncIterable<string>,
  importer: RecordImporter,
  fileType: ImportRowType | undefined,
): AsyncGenerator<void> {
  let header: CsvHeader | undefined
  for await (const record of readCsvRecords(texts)) {
    if (!header) {
      const read =
        'error' in record ? record : readHeader(record.cells, fileType)
      if ('error' in read) {
        importer.refuse(
          record.line,
          `header: ${read.error}; the file was not read`,
          { isRow: false },
        )
        return
      }
      header = read.value
      continue
    }

    const row =
      'error' in record ? record : rowFromCells(header, record.cells, fileType)
    if ('error' in row) {
      importer.refuse(record.line, row.error)
    } else {
      await importer.addValue(row.value, record.line)
    }
    yield
  }
}

/** The format a file's name says: `.csv`, or `.jsonl`/`.ndjson`/`.json-lines`. */
export function formatOfFileName(path: string): ExportFormat | undefined {
  const name = path.toLowerCase()
  if (name.endsWith('.csv')) {
    return 'csv'
  }
  if (['.jsonl', '.ndjson', '.json-lines'].some((ext) => name.endsWith(ext))) {
    return 'jsonl'
  }
  return undefined
}

/**
 * The row type a file is named after: `visits.csv` and `visit.csv` hold
 * visits, `care-flags.csv` care flags.
 */
export function typeOfFileName(path: string): ImportRowType | undefined {
  const stem = basename(path)
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replaceAll('-', '_')
  const singular = stem.endsWith('s') ? stem.slice(0, -1) : stem
  return [stem, singular].find(isRowType)
}
