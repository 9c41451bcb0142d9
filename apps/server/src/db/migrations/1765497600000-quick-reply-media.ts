import type { MigrationInterface, QueryRunner } from 'typeorm'
import { sqlTypes } from './sql-types'

/**
 * The WeCom media id of an image quick reply, kept so the sidebar does not
 * upload the same image on every send. A media id lasts 3 days; the
 * expiry says when to upload again.
 */
export class QuickReplyMedia1765497600000 implements MigrationInterface {
  name = 'QuickReplyMedia1765497600000'

  async up(runner: QueryRunner): Promise<void> {
    const t = sqlTypes(runner)
    // One column per statement: SQLite adds only one at a time.
    await runner.query(
      'ALTER TABLE quick_reply ADD COLUMN media_id VARCHAR(128) NULL',
    )
    await runner.query(
      `ALTER TABLE quick_reply ADD COLUMN media_expires_at ${t.datetime} NULL`,
    )
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE quick_reply DROP COLUMN media_expires_at')
    await runner.query('ALTER TABLE quick_reply DROP COLUMN media_id')
  }
}
