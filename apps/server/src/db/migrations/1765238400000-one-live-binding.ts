import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * At most one binding in force per WeCom customer, kept by the database:
 * two binds racing each other must not both win. SQLite has partial
 * indexes; MySQL and MariaDB index a generated column that holds the id
 * only while the binding is in force.
 */
export class OneLiveBinding1765238400000 implements MigrationInterface {
  name = 'OneLiveBinding1765238400000'

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'mysql') {
      await runner.query(
        `ALTER TABLE customer_binding ADD COLUMN live_external_user_id
           VARCHAR(128) GENERATED ALWAYS AS
           (CASE WHEN unbound_at IS NULL THEN external_user_id END) STORED`,
      )
      await runner.query(
        `CREATE UNIQUE INDEX uq_customer_binding_live
           ON customer_binding (live_external_user_id)`,
      )
      return
    }
    await runner.query(
      `CREATE UNIQUE INDEX uq_customer_binding_live
         ON customer_binding (external_user_id) WHERE unbound_at IS NULL`,
    )
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'mysql') {
      await runner.query(
        'DROP INDEX uq_customer_binding_live ON customer_binding',
      )
      await runner.query(
        'ALTER TABLE customer_binding DROP COLUMN live_external_user_id',
      )
      return
    }
    await runner.query('DROP INDEX uq_customer_binding_live')
  }
}
