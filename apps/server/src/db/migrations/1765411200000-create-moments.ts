import type { MigrationInterface, QueryRunner } from 'typeorm'
import { sqlTypes } from './sql-types'

/**
 * Customer-moment posts. The unique (day, owner, slot) key is the daily
 * quota: head office has slots 1 and 2, a region slot 1, and a second
 * admin planning into a taken slot is refused by the key.
 */
export class CreateMoments1765411200000 implements MigrationInterface {
  name = 'CreateMoments1765411200000'

  async up(runner: QueryRunner): Promise<void> {
    const { datetime, tableOptions: table } = sqlTypes(runner)
    await runner.query(
      `CREATE TABLE moment_post (
         id VARCHAR(36) NOT NULL PRIMARY KEY,
         day VARCHAR(10) NOT NULL,
         owner VARCHAR(32) NOT NULL,
         slot INT NOT NULL,
         text TEXT NOT NULL,
         link_title VARCHAR(128) NULL,
         link_url VARCHAR(512) NULL,
         status VARCHAR(16) NOT NULL,
         job_id VARCHAR(128) NULL,
         moment_id VARCHAR(128) NULL,
         error VARCHAR(500) NULL,
         created_by VARCHAR(128) NOT NULL,
         created_at ${datetime} NOT NULL,
         published_at ${datetime} NULL,
         CONSTRAINT uq_moment_post_slot UNIQUE (day, owner, slot)
       ) ${table}`,
    )
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE moment_post')
  }
}
