import type { MigrationInterface, QueryRunner } from 'typeorm'
import { sqlTypes } from './sql-types'

/**
 * What the sidebar adds to the record: follow-up notes, the quick-reply
 * library, a region's changes to the vaccine protocol, and which visit an
 * audit entry opened.
 */
export class CreateCareTools1765065600000 implements MigrationInterface {
  name = 'CreateCareTools1765065600000'

  async up(runner: QueryRunner): Promise<void> {
    const { datetime, longText, tableOptions: table } = sqlTypes(runner)
    const create = (name: string, body: string) =>
      runner.query(`CREATE TABLE ${name} (${body}) ${table}`)
    const index = (name: string, on: string) =>
      runner.query(`CREATE INDEX ${name} ON ${on}`)

    await create(
      'follow_up_note',
      `id VARCHAR(36) NOT NULL PRIMARY KEY,
       customer_id VARCHAR(32) NULL,
       external_user_id VARCHAR(128) NULL,
       chat_id VARCHAR(128) NULL,
       pet_id VARCHAR(32) NULL,
       author_user_id VARCHAR(128) NOT NULL,
       text TEXT NOT NULL,
       remind_on VARCHAR(10) NULL,
       done_at ${datetime} NULL,
       done_by VARCHAR(128) NULL,
       created_at ${datetime} NOT NULL`,
    )
    await index('ix_note_customer', 'follow_up_note (customer_id, created_at)')
    await index(
      'ix_note_external',
      'follow_up_note (external_user_id, created_at)',
    )
    await index('ix_note_chat', 'follow_up_note (chat_id, created_at)')
    await index('ix_note_due', 'follow_up_note (remind_on, done_at)')

    await create(
      'quick_reply',
      `id VARCHAR(36) NOT NULL PRIMARY KEY,
       scope VARCHAR(16) NOT NULL,
       region_id VARCHAR(32) NULL,
       owner_user_id VARCHAR(128) NULL,
       category VARCHAR(32) NOT NULL,
       title VARCHAR(64) NOT NULL,
       kind VARCHAR(8) NOT NULL,
       content TEXT NOT NULL,
       link_json TEXT NULL,
       image_url VARCHAR(512) NULL,
       sort_order INT NOT NULL DEFAULT 0,
       created_by VARCHAR(128) NULL,
       created_at ${datetime} NOT NULL,
       updated_at ${datetime} NOT NULL,
       deleted_at ${datetime} NULL`,
    )
    await index('ix_quick_reply_scope', 'quick_reply (scope, region_id)')
    await index('ix_quick_reply_owner', 'quick_reply (owner_user_id)')

    await create(
      'care_protocol_override',
      `region_id VARCHAR(32) NOT NULL PRIMARY KEY,
       overrides_json ${longText} NOT NULL,
       updated_by VARCHAR(128) NULL,
       updated_at ${datetime} NOT NULL`,
    )

    await runner.query(
      'ALTER TABLE record_audit ADD COLUMN visit_id VARCHAR(64) NULL',
    )
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE record_audit DROP COLUMN visit_id')
    for (const name of [
      'care_protocol_override',
      'quick_reply',
      'follow_up_note',
    ]) {
      await runner.query(`DROP TABLE ${name}`)
    }
  }
}
