import type { RepurchaseReport } from '@petcare/shared'
import { getChecked } from '../../shared/api'
import { type RepurchaseQuery, repurchaseUrl } from './repurchase'

export function fetchRepurchase(q: RepurchaseQuery): Promise<RepurchaseReport> {
  return getChecked<RepurchaseReport>(repurchaseUrl(q), { groups: 'array' })
}
