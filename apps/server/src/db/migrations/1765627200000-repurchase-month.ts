import type { MigrationInterface, QueryRunner } from 'typeorm'
import { countCohortsSql } from '../../modules/console/repurchase.sql'
import { sqlTypes } from './sql-types'

/**
 * The repurchase report's monthly cohorts per hospital, counted from the
 * visits: the report reads a few hundred rows instead of the visits
 * themselves. The record import recounts the months its visits touch.
 * The index makes the count's "paid visit within 90 days" look-up read the
 * index alone instead of a visit row per customer and month.
 */
export class RepurchaseMonth1765627200000 implements MigrationInterface {
  name = 'RepurchaseMonth1765627200000'

  async up(runner: QueryRunner): Promise<void> {
    const { mysql, tableOptions } = sqlTypes(runner)
    await runner.query(
      'CREATE INDEX ix_visit_customer_paid ON visit (customer_id, visited_at, paid)',
    )
    await runner.query(
      `CREATE TABLE repurchase_month (
         month CHAR(7) NOT NULL,
         hospital_id VARCHAR(32) NOT NULL,
         customers INT NOT NULL,
         returned INT NOT NULL,
         PRIMARY KEY (month, hospital_id)
       ) ${tableOptions}`,
    )
    // Every month there are visits for: the statement groups by month.
    await runner.query(countCohortsSql(mysql), [
      '1970-01-01 00:00:00.000',
      '9000-01-01 00:00:00.000',
    ])
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE repurchase_month')
    await runner.query(
      sqlTypes(runner).mysql
        ? 'DROP INDEX ix_visit_customer_paid ON visit'
        : 'DROP INDEX ix_visit_customer_paid',
    )
  }
}
