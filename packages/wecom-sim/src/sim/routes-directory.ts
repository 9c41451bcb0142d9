import type { SimContext } from './context'
import { SimApiError } from './errcodes'
import type { SimRouter } from './http'
import { requireText } from './params'
import { departmentJson, memberJson } from './present'

/**
 * `gettoken` and the staff directory: `user/get`, `user/list`,
 * `department/list`.
 * @see https://developer.work.weixin.qq.com/document/path/90196
 */
export function addDirectoryRoutes(
  router: SimRouter,
  context: SimContext,
): void {
  const { directory } = context

  router.on('*', '/cgi-bin/gettoken', ({ query }) =>
    context.tokens.issue(query.get('corpid'), query.get('corpsecret')),
  )

  router.on('*', '/cgi-bin/user/get', ({ query }) => {
    const userid = requireText(query.get('userid'), 'MISSING_USERID')
    const member = directory.member(userid)
    if (!member) {
      throw new SimApiError('USER_NOT_FOUND', userid)
    }
    return memberJson(member)
  })

  // Members of one department; `fetch_child=1` adds its sub-departments'.
  router.on('*', '/cgi-bin/user/list', ({ query }) => {
    const id = requireText(query.get('department_id'))
    if (!directory.department(id)) {
      throw new SimApiError('DEPARTMENT_NOT_FOUND', id)
    }
    const ids =
      query.get('fetch_child') === '1'
        ? directory.subtree(id).map((department) => department.id)
        : [id]
    const members = context.state.members.filter((member) =>
      member.departments.some((department) => ids.includes(department)),
    )
    return { userlist: members.map(memberJson) }
  })

  // The whole tree, or the subtree under `id`, flat, parents first.
  router.on('*', '/cgi-bin/department/list', ({ query }) => {
    const id = query.get('id')
    if (id && !directory.department(id)) {
      throw new SimApiError('DEPARTMENT_NOT_FOUND', id)
    }
    const departments = id ? directory.subtree(id) : context.state.departments
    return { department: departments.map(departmentJson) }
  })
}
