import type { GroupDetail, GroupHistoryPage } from '@petcare/shared'
import { withQuery } from '@petcare/web/http'
import { getChecked } from '../../shared/api'

const groupPath = (chatId: string) =>
  `/api/console/groups/${encodeURIComponent(chatId)}`

export function fetchGroupDetail(chatId: string): Promise<GroupDetail> {
  return getChecked<GroupDetail>(groupPath(chatId), {
    group: 'object',
    members: 'array',
    history: 'object',
  })
}

export function fetchGroupHistory(
  chatId: string,
  page: number,
  pageSize: number,
): Promise<GroupHistoryPage> {
  return getChecked<GroupHistoryPage>(
    withQuery(`${groupPath(chatId)}/history`, { page, pageSize }),
    { entries: 'array' },
  )
}
