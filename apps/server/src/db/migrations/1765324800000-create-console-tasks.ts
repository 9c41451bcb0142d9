import type { MigrationInterface, QueryRunner } from 'typeorm'
import { sqlTypes } from './sql-types'

/**
 * Quick replies sent from the sidebar (the library's usage counts) and the
 * mass-message tasks the console created through WeCom.
 */
export class CreateConsoleTasks1765324800000 implements MigrationInterface {
  name = 'CreateConsoleTasks1765324800000'

  async up(runner: QueryRunner): Promise<void> {
    const { datetime, serial, tableOptions: table } = sqlTypes(runner)
    await runner.query(
      `CREATE TABLE quick_reply_use (
         id ${serial},
         reply_id VARCHAR(36) NOT NULL,
         user_id VARCHAR(128) NOT NULL,
         used_at ${datetime} NOT NULL
       ) ${table}`,
    )
    await runner.query(
      'CREATE INDEX ix_quick_reply_use ON quick_reply_use (reply_id, used_at)',
    )
    await runner.query(
      `CREATE TABLE mass_message (
         id VARCHAR(36) NOT NULL PRIMARY KEY,
         purpose VARCHAR(16) NOT NULL,
         chat_type VARCHAR(8) NOT NULL,
         sender VARCHAR(128) NOT NULL,
         targets_json TEXT NOT NULL,
         text TEXT NOT NULL,
         msg_id VARCHAR(128) NULL,
         fail_list_json TEXT NOT NULL,
         error VARCHAR(500) NULL,
         created_by VARCHAR(128) NOT NULL,
         created_at ${datetime} NOT NULL
       ) ${table}`,
    )
    await runner.query(
      'CREATE INDEX ix_mass_message_created ON mass_message (created_at)',
    )
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE mass_message')
    await runner.query('DROP TABLE quick_reply_use')
  }
}
