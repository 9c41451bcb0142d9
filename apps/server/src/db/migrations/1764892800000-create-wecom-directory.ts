import type { MigrationInterface, QueryRunner } from 'typeorm'
import { sqlTypes } from './sql-types'

/**
 * What the worker keeps true from WeCom: the staff directory, customers and
 * their follows, customer groups and their members, and the shared token.
 */
export class CreateWecomDirectory1764892800000 implements MigrationInterface {
  name = 'CreateWecomDirectory1764892800000'

  async up(runner: QueryRunner): Promise<void> {
    const { datetime, tableOptions: table } = sqlTypes(runner)

    await runner.query(
      `ALTER TABLE wecom_event ADD COLUMN locked_at ${datetime} NULL`,
    )

    await runner.query(`
      CREATE TABLE wecom_token (
        \`key\` VARCHAR(128) NOT NULL PRIMARY KEY,
        value VARCHAR(1024) NOT NULL,
        expires_at ${datetime} NOT NULL,
        updated_at ${datetime} NOT NULL
      ) ${table}`)

    await runner.query(`
      CREATE TABLE department (
        id VARCHAR(64) NOT NULL PRIMARY KEY,
        name VARCHAR(255) NOT NULL,
        parent_id VARCHAR(64) NULL,
        sort_order BIGINT NOT NULL DEFAULT 0,
        kind VARCHAR(16) NOT NULL DEFAULT 'other',
        deleted_at ${datetime} NULL,
        source_time BIGINT NOT NULL DEFAULT 0,
        updated_at ${datetime} NOT NULL
      ) ${table}`)

    await runner.query(`
      CREATE TABLE staff (
        user_id VARCHAR(128) NOT NULL PRIMARY KEY,
        name VARCHAR(255) NOT NULL,
        position VARCHAR(255) NULL,
        role VARCHAR(32) NULL,
        department_ids VARCHAR(1024) NOT NULL DEFAULT '',
        main_department_id VARCHAR(64) NULL,
        status INT NOT NULL DEFAULT 1,
        deleted_at ${datetime} NULL,
        source_time BIGINT NOT NULL DEFAULT 0,
        updated_at ${datetime} NOT NULL
      ) ${table}`)

    await runner.query(`
      CREATE TABLE customer (
        external_user_id VARCHAR(128) NOT NULL PRIMARY KEY,
        name VARCHAR(255) NOT NULL,
        avatar VARCHAR(1024) NULL,
        type INT NOT NULL DEFAULT 1,
        gender INT NOT NULL DEFAULT 0,
        union_id VARCHAR(128) NULL,
        corp_name VARCHAR(255) NULL,
        source_time BIGINT NOT NULL DEFAULT 0,
        updated_at ${datetime} NOT NULL
      ) ${table}`)

    await runner.query(`
      CREATE TABLE follow (
        user_id VARCHAR(128) NOT NULL,
        external_user_id VARCHAR(128) NOT NULL,
        remark VARCHAR(255) NULL,
        description TEXT NULL,
        tags_json TEXT NOT NULL,
        add_way INT NULL,
        state VARCHAR(255) NULL,
        oper_user_id VARCHAR(128) NULL,
        started_at BIGINT NULL,
        ended_at BIGINT NULL,
        ended_by VARCHAR(16) NULL,
        end_source VARCHAR(64) NULL,
        transfer_fail_reason VARCHAR(64) NULL,
        transfer_failed_at BIGINT NULL,
        welcome_status VARCHAR(16) NULL,
        welcome_detail VARCHAR(255) NULL,
        updated_at ${datetime} NOT NULL,
        PRIMARY KEY (user_id, external_user_id)
      ) ${table}`)
    await runner.query(
      'CREATE INDEX ix_follow_customer ON follow (external_user_id)',
    )
    await runner.query('CREATE INDEX ix_follow_started ON follow (started_at)')

    await runner.query(`
      CREATE TABLE customer_group (
        chat_id VARCHAR(128) NOT NULL PRIMARY KEY,
        name VARCHAR(255) NOT NULL,
        owner_id VARCHAR(128) NULL,
        notice TEXT NULL,
        created_at BIGINT NULL,
        dismissed_at BIGINT NULL,
        member_version VARCHAR(64) NULL,
        member_count INT NOT NULL DEFAULT 0,
        customer_code VARCHAR(32) NULL,
        pet_name VARCHAR(128) NULL,
        complaint VARCHAR(255) NULL,
        name_problem VARCHAR(32) NULL,
        missing_roles VARCHAR(128) NOT NULL DEFAULT '',
        source_time BIGINT NOT NULL DEFAULT 0,
        updated_at ${datetime} NOT NULL
      ) ${table}`)
    await runner.query(
      'CREATE INDEX ix_customer_group_code ON customer_group (customer_code)',
    )

    await runner.query(`
      CREATE TABLE group_member (
        chat_id VARCHAR(128) NOT NULL,
        member_id VARCHAR(128) NOT NULL,
        join_time BIGINT NOT NULL,
        member_type INT NOT NULL,
        name VARCHAR(255) NULL,
        join_scene INT NULL,
        invitor_id VARCHAR(128) NULL,
        left_at BIGINT NULL,
        quit_scene VARCHAR(8) NULL,
        updated_at ${datetime} NOT NULL,
        PRIMARY KEY (chat_id, member_id, join_time)
      ) ${table}`)
    await runner.query(
      'CREATE INDEX ix_group_member_member ON group_member (member_id)',
    )
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const name of [
      'group_member',
      'customer_group',
      'follow',
      'customer',
      'staff',
      'department',
      'wecom_token',
    ]) {
      await runner.query(`DROP TABLE ${name}`)
    }
    await runner.query('ALTER TABLE wecom_event DROP COLUMN locked_at')
  }
}
