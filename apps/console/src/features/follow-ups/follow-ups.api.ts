import type { FollowUpsDue, FollowUpSend, WakeResult } from '@petcare/shared'
import { postJson } from '@petcare/web'
import { getChecked } from '../../shared/api'
import { type DueRange, followUpsUrl } from './follow-ups'

export function fetchFollowUps(range: DueRange): Promise<FollowUpsDue> {
  return getChecked<FollowUpsDue>(followUpsUrl(range), { members: 'array' })
}

export function sendFollowUp(input: FollowUpSend): Promise<WakeResult> {
  return postJson<WakeResult>('/api/console/follow-ups/send', input)
}
