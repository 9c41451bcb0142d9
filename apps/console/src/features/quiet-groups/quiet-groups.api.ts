import type { QuietGroups, WakeResult } from '@petcare/shared'
import { postJson } from '@petcare/web'
import { getChecked } from '../../shared/api'
import { quietUrl } from './quiet-groups'

export function fetchQuietGroups(days: number): Promise<QuietGroups> {
  return getChecked<QuietGroups>(quietUrl(days), { groups: 'array' })
}

export function wakeGroups(
  chatIds: string[],
  text: string,
): Promise<WakeResult> {
  return postJson<WakeResult>('/api/console/groups/wake', {
    chatIds,
    text: text.trim(),
  })
}
