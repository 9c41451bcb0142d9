import type { QuickReply } from '@petcare/shared'
import type { ChatTarget } from '../../wecom/bridge'

/** The query of `GET /api/sidebar/quick-replies` for a chat, pet and search. */
export function quickReplyQuery(
  target: ChatTarget,
  petId: string | null,
  q: string,
): string {
  const query = new URLSearchParams()
  query.set(target.kind === 'contact' ? 'externalUserId' : 'chatId', target.id)
  if (petId) query.set('petId', petId)
  if (q.trim()) query.set('q', q.trim())
  return query.toString()
}

/** The replies of one category ('' for all). */
export function repliesIn(
  replies: readonly QuickReply[],
  category: string,
): QuickReply[] {
  return category === ''
    ? [...replies]
    : replies.filter((reply) => reply.category === category)
}
