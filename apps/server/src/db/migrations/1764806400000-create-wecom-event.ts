import type { MigrationInterface, QueryRunner } from 'typeorm'

/** The event store: every accepted WeCom callback, once. */
export class CreateWecomEvent1764806400000 implements MigrationInterface {
  name = 'CreateWecomEvent1764806400000'

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'mysql') {
      await runner.query(`
        CREATE TABLE wecom_event (
          id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
          dedupe_key CHAR(64) CHARACTER SET ascii NOT NULL,
          corp_id VARCHAR(128) NOT NULL,
          agent_id VARCHAR(32) NULL,
          event VARCHAR(64) NOT NULL,
          change_type VARCHAR(64) NULL,
          update_detail VARCHAR(64) NULL,
          kind VARCHAR(32) NOT NULL,
          user_id VARCHAR(128) NULL,
          external_user_id VARCHAR(128) NULL,
          chat_id VARCHAR(128) NULL,
          create_time BIGINT NOT NULL,
          received_at DATETIME(3) NOT NULL,
          payload_xml MEDIUMTEXT NOT NULL,
          status VARCHAR(16) NOT NULL DEFAULT 'pending',
          attempts INT NOT NULL DEFAULT 0,
          last_error TEXT NULL,
          next_attempt_at DATETIME(3) NULL,
          processed_at DATETIME(3) NULL,
          PRIMARY KEY (id),
          UNIQUE KEY uq_wecom_event_dedupe (dedupe_key),
          KEY ix_wecom_event_status (status, id),
          KEY ix_wecom_event_external_user (external_user_id, create_time),
          KEY ix_wecom_event_chat (chat_id, create_time)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
      `)
      return
    }
    await runner.query(`
      CREATE TABLE wecom_event (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        dedupe_key VARCHAR(64) NOT NULL,
        corp_id VARCHAR(128) NOT NULL,
        agent_id VARCHAR(32) NULL,
        event VARCHAR(64) NOT NULL,
        change_type VARCHAR(64) NULL,
        update_detail VARCHAR(64) NULL,
        kind VARCHAR(32) NOT NULL,
        user_id VARCHAR(128) NULL,
        external_user_id VARCHAR(128) NULL,
        chat_id VARCHAR(128) NULL,
        create_time BIGINT NOT NULL,
        received_at DATETIME NOT NULL,
        payload_xml TEXT NOT NULL,
        status VARCHAR(16) NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NULL,
        next_attempt_at DATETIME NULL,
        processed_at DATETIME NULL,
        CONSTRAINT uq_wecom_event_dedupe UNIQUE (dedupe_key)
      )
    `)
    await runner.query(
      'CREATE INDEX ix_wecom_event_status ON wecom_event (status, id)',
    )
    await runner.query(
      'CREATE INDEX ix_wecom_event_external_user ON wecom_event (external_user_id, create_time)',
    )
    await runner.query(
      'CREATE INDEX ix_wecom_event_chat ON wecom_event (chat_id, create_time)',
    )
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE wecom_event')
  }
}
