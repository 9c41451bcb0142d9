import type { GroupProblems } from '@petcare/shared'
import { getChecked } from '../../shared/api'

export function fetchGroupProblems(): Promise<GroupProblems> {
  return getChecked<GroupProblems>('/api/console/groups/problems', {
    groups: 'array',
    customersWithoutGroup: 'array',
  })
}
