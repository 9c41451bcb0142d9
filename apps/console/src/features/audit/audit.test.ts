/// <reference types="jest" />
import { auditProblem, auditUrl, NO_AUDIT_FILTERS } from './audit'

describe('the audit query', () => {
  it('sends only the filters set, trimmed, with the cursor', () => {
    expect(
      auditUrl(
        { ...NO_AUDIT_FILTERS, userId: ' ZhangWei ', from: '2026-12-01' },
        '981',
      ),
    ).toBe('/api/console/audit?userId=ZhangWei&from=2026-12-01&before=981')
    expect(auditUrl(NO_AUDIT_FILTERS, null)).toBe('/api/console/audit')
  })

  it('refuses an end date before the start', () => {
    expect(
      auditProblem({
        ...NO_AUDIT_FILTERS,
        from: '2026-12-05',
        to: '2026-12-01',
      }),
    ).toBe('dates')
    expect(
      auditProblem({
        ...NO_AUDIT_FILTERS,
        from: '2026-12-05',
        to: '2026-12-05',
      }),
    ).toBeNull()
    expect(auditProblem({ ...NO_AUDIT_FILTERS, to: '2026-12-01' })).toBeNull()
  })
})
