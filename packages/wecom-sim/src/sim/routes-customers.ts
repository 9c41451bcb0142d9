import type { SimContext } from './context'
import { SimApiError } from './errcodes'
import type { SimRouter } from './http'
import { optionalInt, optionalTextList, requireText } from './params'
import {
  customerJson,
  decodeCursor,
  followInfoJson,
  followUserJson,
  pageOf,
} from './present'
import type { SimTagGroup } from './state'

/** What an external_userid looks like: `wm`/`wo` and url-safe characters. */
const EXTERNAL_USERID = /^w[mo][A-Za-z0-9_-]{8,62}$/

/**
 * Customer contact (客户联系): follow users, a member's customers, one
 * customer, customers in bulk, and the corp tag library.
 * @see https://developer.work.weixin.qq.com/document/path/92113
 */
export function addCustomerRoutes(
  router: SimRouter,
  context: SimContext,
): void {
  const { directory, state } = context

  router.on('*', '/cgi-bin/externalcontact/get_follow_user_list', () => ({
    follow_user: state.members
      .filter((member) => member.customerContact && member.status === 1)
      .map((member) => member.userid),
  }))

  router.on('*', '/cgi-bin/externalcontact/list', ({ query }) => {
    const userid = requireText(query.get('userid'), 'MISSING_USERID')
    if (!directory.member(userid)) {
      throw new SimApiError('USER_NOT_FOUND', userid)
    }
    const follows = directory.followsOfMember(userid)
    if (follows.length === 0) {
      throw new SimApiError('NOT_EXTERNAL_CONTACT')
    }
    return { external_userid: follows.map((follow) => follow.externalUserId) }
  })

  // One customer with every member who follows them, `follow_user` paged.
  router.on('*', '/cgi-bin/externalcontact/get', ({ query }) => {
    const id = requireText(
      query.get('external_userid'),
      'MISSING_EXTERNAL_USERID',
    )
    if (!EXTERNAL_USERID.test(id)) {
      throw new SimApiError('INVALID_EXTERNAL_USERID', id)
    }
    const customer = directory.customer(id)
    const follows = directory.followsOfCustomer(id)
    if (!customer || follows.length === 0) {
      throw new SimApiError('NOT_EXTERNAL_CONTACT')
    }
    const offset = decodeCursor('follow_user', query.get('cursor'))
    const { page, nextCursor } = pageOf(
      'follow_user',
      follows,
      offset,
      context.followUserPageSize,
    )
    return {
      external_contact: customerJson(customer),
      follow_user: page.map((follow) => followUserJson(directory, follow)),
      ...(nextCursor ? { next_cursor: nextCursor } : {}),
    }
  })

  // Every customer of up to 100 members, one item per follow, paged.
  router.on(
    'POST',
    '/cgi-bin/externalcontact/batch/get_by_user',
    ({ body }) => {
      const userids = optionalTextList(body.userid_list, 100, 'userid_list')
      if (!userids || userids.length === 0) {
        throw new SimApiError('MISSING_USERID')
      }
      const unknown = userids.filter((userid) => !directory.member(userid))
      if (unknown.length > 0) {
        throw new SimApiError('INVALID_USERID_LIST', unknown.join(','))
      }
      const limit = optionalInt(body.limit, 50, 1, 100, 'limit')
      const offset = decodeCursor('by_user', body.cursor)
      const follows = userids.flatMap((userid) =>
        directory.followsOfMember(userid),
      )
      const { page, nextCursor } = pageOf('by_user', follows, offset, limit)
      return {
        external_contact_list: page.map((follow) => ({
          external_contact: customerJson(
            directory.customer(follow.externalUserId) ?? missing(follow),
          ),
          follow_info: followInfoJson(follow),
        })),
        next_cursor: nextCursor,
        fail_info: { unlicensed_userid_list: [] },
      }
    },
  )

  // With `group_id`, those groups; else with `tag_id`, those tags; else all.
  router.on(
    'POST',
    '/cgi-bin/externalcontact/get_corp_tag_list',
    ({ body }) => {
      const groupIds = optionalTextList(body.group_id, 1000, 'group_id')
      const tagIds = optionalTextList(body.tag_id, 1000, 'tag_id')
      let groups: SimTagGroup[] = state.tagGroups
      if (groupIds?.length) {
        groups = groups.filter((group) => groupIds.includes(group.groupId))
      } else if (tagIds?.length) {
        groups = groups
          .map((group) => ({
            ...group,
            tags: group.tags.filter((tag) => tagIds.includes(tag.id)),
          }))
          .filter((group) => group.tags.length > 0)
      }
      return {
        tag_group: groups.map((group) => ({
          group_id: group.groupId,
          group_name: group.groupName,
          create_time: group.createTime,
          order: group.order,
          tag: group.tags.map((tag) => ({
            id: tag.id,
            name: tag.name,
            create_time: tag.createTime,
            order: tag.order,
          })),
        })),
      }
    },
  )
}

/** A follow whose customer is gone: a simulator bug, not a WeCom answer. */
function missing(follow: { externalUserId: string }): never {
  throw new Error(`follow of unknown customer ${follow.externalUserId}`)
}
