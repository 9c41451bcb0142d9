import type { core } from 'zod'
import { ImportRowSchema, type ImportRowType } from './import.schema'

/** How a cell's text becomes the value its field expects. */
type CellKind = 'text' | 'number' | 'boolean' | 'list' | 'json'

interface Column {
  /** Where the value goes: `exam.temperatureC` is `['exam', 'temperatureC']`. */
  path: string[]
  kind: CellKind
}

/** A CSV file's header, checked against the row types it may hold. */
export interface CsvHeader {
  names: string[]
  /** The `type` column's index, or -1 when the file's rows share one type. */
  typeIndex: number
}

type Result<T> = { value: T } | { error: string }

/** Every row type, in the schema's order. */
export const ROW_TYPES: readonly ImportRowType[] = ImportRowSchema.options.map(
  (option) => option.shape.type.value,
)

/** Each row type's CSV columns, read off the import schema. */
const COLUMNS = new Map<ImportRowType, Map<string, Column>>(
  ImportRowSchema.options.map((option) => {
    const { type, ...fields } = option.shape
    return [type.value, new Map(columnsOf(fields, []))]
  }),
)

export function isRowType(value: string): value is ImportRowType {
  return COLUMNS.has(value as ImportRowType)
}

/**
 * Checks a header: every name is a field of the file's row type (or, with
 * a `type` column, of some row type), and none is given twice.
 */
export function readHeader(
  cells: string[],
  fileType: ImportRowType | undefined,
): Result<CsvHeader> {
  const names = cells.map((cell) => cell.trim())
  const typeIndex = names.indexOf('type')
  if (typeIndex === -1 && !fileType) {
    return {
      error:
        'no type column and no type given: add a type column, or give the ' +
        'type (--type, ?type=, or a file named after its rows, e.g. visits.csv)',
    }
  }
  const known =
    typeIndex === -1
      ? COLUMNS.get(fileType!)!
      : new Map([...COLUMNS.values()].flatMap((columns) => [...columns]))

  const seen = new Set<string>()
  for (const [index, name] of names.entries()) {
    if (name === '') {
      return { error: `column ${index + 1} has no name` }
    }
    if (seen.has(name)) {
      return { error: `column ${name} appears twice` }
    }
    seen.add(name)
    if (name !== 'type' && !known.has(name)) {
      const expected =
        typeIndex === -1
          ? `; ${fileType} columns: ${[...known.keys()].join(', ')}`
          : ''
      return { error: `unknown column ${name}${expected}` }
    }
  }
  return { value: { names, typeIndex } }
}

/**
 * Turns a record's cells into a row for the importer, which checks it
 * against the schema. An empty cell is a field not given.
 */
export function rowFromCells(
  header: CsvHeader,
  cells: string[],
  fileType: ImportRowType | undefined,
): Result<Record<string, unknown>> {
  if (cells.length !== header.names.length) {
    return {
      error: `has ${cells.length} cells where the header has ${header.names.length}`,
    }
  }
  const cell = header.typeIndex === -1 ? '' : cells[header.typeIndex]!.trim()
  const type = cell || fileType
  if (!type) {
    return { error: 'type: empty, and the file gives no type' }
  }
  if (!isRowType(type)) {
    return { error: `type: must be one of ${ROW_TYPES.join(', ')}` }
  }

  const columns = COLUMNS.get(type)!
  const row: Record<string, unknown> = { type }
  for (const [index, name] of header.names.entries()) {
    const text = cells[index]!
    if (index === header.typeIndex || text.trim() === '') {
      continue
    }
    const column = columns.get(name)
    if (!column) {
      return { error: `${name}: not a column of ${type} rows` }
    }
    const value = convertCell(text, column.kind)
    if ('error' in value) {
      return { error: `${name}: ${value.error}` }
    }
    setPath(row, column.path, value.value)
  }
  return { value: row }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
const BOOLEANS = new Map([
  ['true', true],
  ['1', true],
  ['是', true],
  ['false', false],
  ['0', false],
  ['否', false],
])

function convertCell(text: string, kind: CellKind): Result<unknown> {
  const trimmed = text.trim()
  switch (kind) {
    case 'text':
      return { value: text }
    case 'number':
      return NUMBER.test(trimmed)
        ? { value: Number(trimmed) }
        : { error: 'must be a number' }
    case 'boolean': {
      const value = BOOLEANS.get(trimmed.toLowerCase())
      return value === undefined
        ? { error: 'must be true or false (or 1/0, 是/否)' }
        : { value }
    }
    case 'list':
      if (trimmed.startsWith('[')) {
        return parseJsonList(trimmed)
      }
      return {
        value: trimmed
          .split(';')
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      }
    case 'json':
      return parseJsonList(trimmed)
  }
}

function parseJsonList(text: string): Result<unknown[]> {
  try {
    const value: unknown = JSON.parse(text)
    if (Array.isArray(value)) {
      return { value }
    }
  } catch {
    // reported below
  }
  return { error: 'must be a JSON list, e.g. [{"drug":"…"}]' }
}

function setPath(row: Record<string, unknown>, path: string[], value: unknown) {
  let target = row
  for (const key of path.slice(0, -1)) {
    target[key] ??= {}
    target = target[key] as Record<string, unknown>
  }
  target[path.at(-1)!] = value
}

/** A schema's fields as columns; nested objects become dotted names. */
function columnsOf(
  shape: Record<string, core.$ZodType>,
  prefix: string[],
): [string, Column][] {
  return Object.entries(shape).flatMap(([key, field]): [string, Column][] => {
    const path = [...prefix, key]
    const schema = unwrap(field)
    if (schema._zod.def.type === 'object') {
      return columnsOf((schema as core.$ZodObject)._zod.def.shape, path)
    }
    return [[path.join('.'), { path, kind: kindOf(schema) }]]
  })
}

function kindOf(schema: core.$ZodType): CellKind {
  const def = schema._zod.def
  switch (def.type) {
    case 'number':
      return 'number'
    case 'boolean':
      return 'boolean'
    case 'array': {
      const element = unwrap((schema as core.$ZodArray)._zod.def.element)
      return element._zod.def.type === 'object' ? 'json' : 'list'
    }
    default:
      return 'text'
  }
}

/** The schema under `.optional()`, `.nullable()` and `.default()`. */
function unwrap(schema: core.$ZodType): core.$ZodType {
  const def = schema._zod.def
  if (
    def.type === 'optional' ||
    def.type === 'nullable' ||
    def.type === 'default'
  ) {
    return unwrap((def as core.$ZodOptionalDef).innerType)
  }
  return schema
}
