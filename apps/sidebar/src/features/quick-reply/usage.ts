import { type ApiError, postJson, toApiError } from '@petcare/web/http'

/**
 * `POST /api/sidebar/quick-replies/:id/used`: one send of a reply, for the
 * library's "近 30 天发送".
 */
export async function recordReplyUse(replyId: string): Promise<void> {
  await postJson<unknown>(
    `/api/sidebar/quick-replies/${encodeURIComponent(replyId)}/used`,
    {},
  )
}

/**
 * Puts a reply into the chat with `deliver` (the bridge's sendChatMessage)
 * and counts it once, after the bridge says it went in: a send WeCom
 * refused or the member cancelled throws and counts nothing. The count is
 * not waited for, and one that does not reach the server never turns a
 * sent message into a failed one; `onCountFailed` hears of it.
 */
export async function sendAndCount(
  deliver: () => Promise<void>,
  count: () => Promise<void>,
  onCountFailed: (error: ApiError) => void,
): Promise<void> {
  await deliver()
  count().catch((caught: unknown) => onCountFailed(toApiError(caught)))
}
