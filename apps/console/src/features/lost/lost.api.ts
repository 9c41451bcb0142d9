import type { LostReport } from '@petcare/shared'
import { getChecked } from '../../shared/api'
import { type LostQuery, lostUrl } from './lost'

export function fetchLost(q: LostQuery): Promise<LostReport> {
  return getChecked<LostReport>(lostUrl(q), {
    byMember: 'array',
    byHospital: 'array',
    alerts: 'array',
    recent: 'array',
  })
}
