import { withQuery } from '@petcare/web/http'

export interface AuditFilters {
  userId: string
  petId: string
  /** `YYYY-MM-DD`, China time, both ends included. */
  from: string
  to: string
}

export const NO_AUDIT_FILTERS: AuditFilters = {
  userId: '',
  petId: '',
  from: '',
  to: '',
}

/** What is wrong with the filters, or null. */
export function auditProblem(f: AuditFilters): 'dates' | null {
  return f.from && f.to && f.to < f.from ? 'dates' : null
}

/** `GET /api/console/audit` for filters and a page cursor. */
export function auditUrl(f: AuditFilters, before: string | null): string {
  return withQuery('/api/console/audit', {
    userId: f.userId.trim(),
    petId: f.petId.trim(),
    from: f.from,
    to: f.to,
    before,
  })
}
