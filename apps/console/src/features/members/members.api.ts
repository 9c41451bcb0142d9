import type { ConsoleMemberList } from '@petcare/shared'
import { withQuery } from '@petcare/web/http'
import { getChecked } from '../../shared/api'

/** Members in the user's scope whose name or userid contains `q`. */
export function searchMembers(
  q: string,
  limit = 20,
): Promise<ConsoleMemberList> {
  return getChecked<ConsoleMemberList>(
    withQuery('/api/console/members', { q: q.trim(), limit }),
    { members: 'array' },
  )
}
