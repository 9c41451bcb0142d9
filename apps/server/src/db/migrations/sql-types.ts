import type { QueryRunner } from 'typeorm'

/**
 * The few column types and table options that differ between MySQL and
 * SQLite, for migrations written as SQL.
 */
export function sqlTypes(runner: QueryRunner) {
  const mysql = runner.connection.options.type === 'mysql'
  return {
    mysql,
    /** A UTC instant with milliseconds. */
    datetime: mysql ? 'DATETIME(3)' : 'DATETIME',
    /** An auto-increment primary key column. */
    serial: mysql
      ? 'BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY'
      : 'INTEGER PRIMARY KEY AUTOINCREMENT',
    /** Text that may exceed 64 KB (MySQL's TEXT). */
    longText: mysql ? 'MEDIUMTEXT' : 'TEXT',
    /** What follows CREATE TABLE (…): utf8mb4 on MySQL. */
    tableOptions: mysql
      ? 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci'
      : '',
  }
}
