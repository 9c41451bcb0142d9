import { chinaToday } from '@petcare/domain'
import { buildDemoBindings, buildDemoExport } from '@petcare/wecom-sim'
import type { DataSource } from 'typeorm'
import type { Logger } from '../../../logger'
import {
  CustomerBindingEntity,
  HospitalCustomerEntity,
} from '../hospital-customer.entity'
import { RecordImporter, type ImportReport } from './record-importer'

/**
 * Fills an empty record with the demo hospital group's export, through the
 * same importer a real export goes through. Does nothing once there are
 * customers.
 */
export async function importDemoRecords(
  dataSource: DataSource,
  log: Logger,
  today = chinaToday(),
): Promise<ImportReport | null> {
  if ((await dataSource.getRepository(HospitalCustomerEntity).count()) > 0) {
    return null
  }
  const importer = new RecordImporter(dataSource)
  const rows = buildDemoExport({ today })
  for (const [index, row] of rows.entries()) {
    await importer.add(JSON.stringify(row), index + 1)
  }
  const report = await importer.finish()
  log.info(
    { inserted: report.inserted, refused: report.failed.length },
    'demo hospital records imported',
  )
  return report
}

/**
 * Binds the demo's WeCom customers to their hospital records, as butlers
 * would have, leaving a few unbound to show how binding works. Does nothing
 * once there are bindings.
 */
export async function bindDemoCustomers(
  dataSource: DataSource,
  now = new Date(),
): Promise<number> {
  const bindings = dataSource.getRepository(CustomerBindingEntity)
  if ((await bindings.count()) > 0) {
    return 0
  }
  const rows = buildDemoBindings().map((b) => ({
    ...b,
    method: 'customer_id' as const,
    boundBy: null,
    boundAt: now,
    unboundAt: null,
    unboundBy: null,
  }))
  await bindings.insert(rows)
  return rows.length
}
