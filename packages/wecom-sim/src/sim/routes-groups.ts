import type { SimContext } from './context'
import { SimApiError } from './errcodes'
import type { SimRouter } from './http'
import {
  optionalInt,
  optionalObject,
  optionalTextList,
  requireText,
} from './params'
import { decodeCursor, groupChatJson, pageOf } from './present'

/**
 * Customer groups (客户群): the cursor-paged list and one group's details.
 * Dismissed groups are gone from both, as in WeCom.
 * @see https://developer.work.weixin.qq.com/document/path/93414
 */
export function addGroupRoutes(router: SimRouter, context: SimContext): void {
  const { directory, state } = context

  router.on('POST', '/cgi-bin/externalcontact/groupchat/list', ({ body }) => {
    const statusFilter = optionalInt(
      body.status_filter,
      0,
      0,
      3,
      'status_filter',
    )
    const owners = optionalTextList(
      optionalObject(body.owner_filter)?.userid_list,
      100,
      'owner_filter.userid_list',
    )
    if (body.limit === undefined) {
      throw new SimApiError('INVALID_PARAMETER', 'limit is required')
    }
    const limit = optionalInt(body.limit, 1000, 1, 1000, 'limit')
    const offset = decodeCursor('groupchat', body.cursor)

    const groups = state.groups.filter(
      (group) =>
        !group.dismissed &&
        (statusFilter === 0 || group.status === statusFilter) &&
        (!owners?.length || owners.includes(group.owner)),
    )
    const { page, nextCursor } = pageOf('groupchat', groups, offset, limit)
    return {
      group_chat_list: page.map((group) => ({
        chat_id: group.chatId,
        status: group.status,
      })),
      next_cursor: nextCursor,
    }
  })

  router.on('POST', '/cgi-bin/externalcontact/groupchat/get', ({ body }) => {
    const chatId = requireText(body.chat_id)
    const group = directory.group(chatId)
    if (!group) {
      throw new SimApiError('CHAT_NOT_FOUND', chatId)
    }
    if (group.dismissed) {
      throw new SimApiError('CHAT_DISMISSED', chatId)
    }
    const needName = Number(body.need_name ?? 0) === 1
    return { group_chat: groupChatJson(group, needName) }
  })
}
