/**
 * better-sqlite3 for the benches, typed by hand: the server reaches SQLite
 * through TypeORM only, so the package's types are not installed, and the
 * benches need only this much of it.
 */
import { createRequire } from 'node:module'

export interface SqliteStatement {
  /** True for a statement that returns rows (SELECT, EXPLAIN, …). */
  readonly reader: boolean
  run(...params: unknown[]): { changes: number }
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement
  exec(sql: string): void
  pragma(sql: string): unknown
  close(): void
}

type Open = new (
  path: string,
  options?: { readonly?: boolean; fileMustExist?: boolean },
) => SqliteDatabase

export const Sqlite: Open = createRequire(__filename)('better-sqlite3') as Open
