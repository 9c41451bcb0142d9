import type { MassMessageLog } from '@petcare/shared'
import { getChecked } from '../../shared/api'

export function fetchMassMessages(): Promise<MassMessageLog> {
  return getChecked<MassMessageLog>('/api/console/mass-messages', {
    messages: 'array',
  })
}
