import type { MigrationInterface, QueryRunner } from 'typeorm'
import { sqlTypes } from './sql-types'

/**
 * The clinical record from the hospital system (HIS): regions and
 * hospitals, hospital customers and their WeCom bindings, pets with their
 * weights, alerts, vaccinations, deworming, visits and care flags, and the
 * audit of who opened which record.
 *
 * Calendar dates (birth, vaccination, recheck) are `YYYY-MM-DD` text in
 * China time, as the hospitals write them; instants (a visit, an audit
 * entry) are UTC datetimes.
 */
export class CreatePetRecord1764979200000 implements MigrationInterface {
  name = 'CreatePetRecord1764979200000'

  async up(runner: QueryRunner): Promise<void> {
    const { datetime, serial, longText, tableOptions: table } = sqlTypes(runner)
    const create = (name: string, body: string) =>
      runner.query(`CREATE TABLE ${name} (${body}) ${table}`)
    const index = (name: string, on: string) =>
      runner.query(`CREATE INDEX ${name} ON ${on}`)

    await create(
      'region',
      `id VARCHAR(32) NOT NULL PRIMARY KEY,
       name VARCHAR(128) NOT NULL,
       wecom_department_id VARCHAR(64) NULL,
       updated_at ${datetime} NOT NULL`,
    )
    await create(
      'hospital',
      `id VARCHAR(32) NOT NULL PRIMARY KEY,
       name VARCHAR(128) NOT NULL,
       region_id VARCHAR(32) NULL,
       wecom_department_id VARCHAR(64) NULL,
       phone VARCHAR(32) NULL,
       address VARCHAR(255) NULL,
       updated_at ${datetime} NOT NULL`,
    )
    await create(
      'hospital_customer',
      `id VARCHAR(32) NOT NULL PRIMARY KEY,
       name VARCHAR(128) NOT NULL,
       phone VARCHAR(32) NULL,
       hospital_id VARCHAR(32) NULL,
       note TEXT NULL,
       source_hash CHAR(64) NOT NULL,
       created_at ${datetime} NOT NULL,
       updated_at ${datetime} NOT NULL`,
    )
    await index('ix_hospital_customer_phone', 'hospital_customer (phone)')
    await create(
      'customer_binding',
      `id ${serial},
       customer_id VARCHAR(32) NOT NULL,
       external_user_id VARCHAR(128) NOT NULL,
       method VARCHAR(16) NOT NULL,
       bound_by VARCHAR(128) NULL,
       bound_at ${datetime} NOT NULL,
       unbound_at ${datetime} NULL,
       unbound_by VARCHAR(128) NULL`,
    )
    await index(
      'ix_customer_binding_external',
      'customer_binding (external_user_id, unbound_at)',
    )
    await index(
      'ix_customer_binding_customer',
      'customer_binding (customer_id)',
    )
    await create(
      'pet',
      `id VARCHAR(32) NOT NULL PRIMARY KEY,
       customer_id VARCHAR(32) NOT NULL,
       name VARCHAR(64) NOT NULL,
       species VARCHAR(16) NOT NULL,
       breed VARCHAR(64) NULL,
       sex VARCHAR(8) NOT NULL DEFAULT 'unknown',
       neutered INT NULL,
       birth_date VARCHAR(10) NULL,
       colour VARCHAR(64) NULL,
       microchip VARCHAR(32) NULL,
       status VARCHAR(16) NOT NULL DEFAULT 'active',
       photo_url VARCHAR(512) NULL,
       source_hash CHAR(64) NOT NULL,
       updated_at ${datetime} NOT NULL`,
    )
    await index('ix_pet_customer', 'pet (customer_id)')
    await create(
      'pet_weight',
      `pet_id VARCHAR(32) NOT NULL,
       measured_on VARCHAR(10) NOT NULL,
       weight_grams INT NOT NULL,
       PRIMARY KEY (pet_id, measured_on)`,
    )
    await create(
      'pet_alert',
      `id VARCHAR(64) NOT NULL PRIMARY KEY,
       pet_id VARCHAR(32) NOT NULL,
       kind VARCHAR(16) NOT NULL,
       text VARCHAR(500) NOT NULL,
       severity VARCHAR(8) NOT NULL DEFAULT 'high',
       since VARCHAR(10) NULL,
       resolved_on VARCHAR(10) NULL,
       updated_at ${datetime} NOT NULL`,
    )
    await index('ix_pet_alert_pet', 'pet_alert (pet_id)')
    await create(
      'vaccination',
      `id VARCHAR(64) NOT NULL PRIMARY KEY,
       pet_id VARCHAR(32) NOT NULL,
       vaccine_id VARCHAR(64) NULL,
       vaccine_name VARCHAR(128) NOT NULL,
       dose_number INT NULL,
       given_on VARCHAR(10) NOT NULL,
       batch VARCHAR(64) NULL,
       given_by VARCHAR(64) NULL,
       hospital_id VARCHAR(32) NULL,
       source_hash CHAR(64) NOT NULL,
       updated_at ${datetime} NOT NULL`,
    )
    await index('ix_vaccination_pet', 'vaccination (pet_id, given_on)')
    await create(
      'deworming',
      `id VARCHAR(64) NOT NULL PRIMARY KEY,
       pet_id VARCHAR(32) NOT NULL,
       product VARCHAR(128) NOT NULL,
       kinds VARCHAR(32) NOT NULL,
       given_on VARCHAR(10) NOT NULL,
       hospital_id VARCHAR(32) NULL,
       source_hash CHAR(64) NOT NULL,
       updated_at ${datetime} NOT NULL`,
    )
    await index('ix_deworming_pet', 'deworming (pet_id, given_on)')
    await create(
      'visit',
      `id VARCHAR(64) NOT NULL PRIMARY KEY,
       pet_id VARCHAR(32) NOT NULL,
       customer_id VARCHAR(32) NOT NULL,
       hospital_id VARCHAR(32) NOT NULL,
       doctor_name VARCHAR(64) NULL,
       doctor_user_id VARCHAR(128) NULL,
       visited_at ${datetime} NOT NULL,
       reason VARCHAR(500) NULL,
       history TEXT NULL,
       exam_json ${longText} NOT NULL,
       assessment_json ${longText} NOT NULL,
       plan_json ${longText} NOT NULL,
       labs_json ${longText} NOT NULL,
       recheck_on VARCHAR(10) NULL,
       amount_cents BIGINT NOT NULL DEFAULT 0,
       paid INT NOT NULL DEFAULT 0,
       source_hash CHAR(64) NOT NULL,
       updated_at ${datetime} NOT NULL`,
    )
    await index('ix_visit_pet', 'visit (pet_id, visited_at)')
    await index('ix_visit_customer', 'visit (customer_id, visited_at)')
    await index('ix_visit_hospital', 'visit (hospital_id, visited_at)')
    await create(
      'care_flag',
      `pet_id VARCHAR(32) NOT NULL,
       flag VARCHAR(32) NOT NULL,
       since_on VARCHAR(10) NOT NULL,
       until_on VARCHAR(10) NULL,
       note VARCHAR(255) NULL,
       PRIMARY KEY (pet_id, flag, since_on)`,
    )
    await create(
      'record_audit',
      `id ${serial},
       user_id VARCHAR(128) NOT NULL,
       pet_id VARCHAR(32) NOT NULL,
       customer_id VARCHAR(32) NULL,
       opened_at ${datetime} NOT NULL,
       source VARCHAR(16) NOT NULL,
       ip VARCHAR(64) NULL,
       user_agent VARCHAR(255) NULL`,
    )
    await index('ix_record_audit_pet', 'record_audit (pet_id, opened_at)')
    await index('ix_record_audit_user', 'record_audit (user_id, opened_at)')
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const name of [
      'record_audit',
      'care_flag',
      'visit',
      'deworming',
      'vaccination',
      'pet_alert',
      'pet_weight',
      'pet',
      'customer_binding',
      'hospital_customer',
      'hospital',
      'region',
    ]) {
      await runner.query(`DROP TABLE ${name}`)
    }
  }
}
