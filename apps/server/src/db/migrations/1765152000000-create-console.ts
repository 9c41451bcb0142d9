import type { MigrationInterface, QueryRunner } from 'typeorm'
import { sqlTypes } from './sql-types'

/**
 * What the console reads and keeps: every follow begun or ended (the
 * leaderboard counts them per ISO week), regions' weekly targets, and the
 * local admin accounts for first setup.
 */
export class CreateConsole1765152000000 implements MigrationInterface {
  name = 'CreateConsole1765152000000'

  async up(runner: QueryRunner): Promise<void> {
    const { datetime, serial, tableOptions: table } = sqlTypes(runner)
    const create = (name: string, body: string) =>
      runner.query(`CREATE TABLE ${name} (${body}) ${table}`)

    await create(
      'follow_change',
      `id ${serial},
       user_id VARCHAR(128) NOT NULL,
       external_user_id VARCHAR(128) NOT NULL,
       kind VARCHAR(8) NOT NULL,
       ended_by VARCHAR(8) NULL,
       at BIGINT NOT NULL,
       CONSTRAINT uq_follow_change UNIQUE (user_id, external_user_id, kind, at)`,
    )
    await runner.query('CREATE INDEX ix_follow_change_at ON follow_change (at)')

    await create(
      'region_target',
      `region_id VARCHAR(32) NOT NULL,
       week VARCHAR(8) NOT NULL,
       target INT NOT NULL,
       updated_by VARCHAR(128) NULL,
       updated_at ${datetime} NOT NULL,
       PRIMARY KEY (region_id, week)`,
    )

    await create(
      'local_account',
      `username VARCHAR(64) NOT NULL PRIMARY KEY,
       password_hash VARCHAR(255) NOT NULL,
       name VARCHAR(64) NOT NULL,
       created_at ${datetime} NOT NULL,
       last_login_at ${datetime} NULL`,
    )
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const name of ['local_account', 'region_target', 'follow_change']) {
      await runner.query(`DROP TABLE ${name}`)
    }
  }
}
