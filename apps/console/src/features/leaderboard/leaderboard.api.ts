import type { LeaderboardResponse, TargetRequest } from '@petcare/shared'
import { putJson } from '@petcare/web'
import { getChecked } from '../../shared/api'
import { type BoardQuery, leaderboardUrl } from './leaderboard'

export function fetchLeaderboard(q: BoardQuery): Promise<LeaderboardResponse> {
  return getChecked<LeaderboardResponse>(leaderboardUrl(q), {
    week: 'string',
    rows: 'array',
    totals: 'object',
    trend: 'array',
  })
}

/** Sets a region's weekly target (head office only; 204). */
export function putTarget(request: TargetRequest): Promise<void> {
  return putJson<void>('/api/console/targets', request)
}
