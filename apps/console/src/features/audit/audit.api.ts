import type { AuditPage } from '@petcare/shared'
import { getChecked } from '../../shared/api'
import { type AuditFilters, auditUrl } from './audit'

export function fetchAudit(
  f: AuditFilters,
  before: string | null,
): Promise<AuditPage> {
  return getChecked<AuditPage>(auditUrl(f, before), { entries: 'array' })
}
