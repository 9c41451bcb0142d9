import type {
  GroupDetail,
  GroupHistoryEntry,
  GroupMember,
} from '@petcare/shared'
import type { RouteLocationRaw } from 'vue-router'

/** The console's address of a group's page. */
export function groupRoute(chatId: string): RouteLocationRaw {
  return { name: 'group', params: { chatId } }
}

/** The pages that list groups, which a group's page leads back to. */
const LISTS = ['groups', 'quiet-groups', 'events'] as const
export type GroupList = (typeof LISTS)[number]

/**
 * Where "back" goes from a group's page: the list the user came from (the
 * router's `history.state.back`, a path such as `/quiet-groups`) if they
 * may open it, else 一客一群, which every level may. A region admin sent
 * away from 回调日志 must not be offered a way back to it. `fromHistory`
 * says the browser's Back would get there.
 */
export function backOf(
  back: unknown,
  nameOf: (path: string) => string | undefined,
  mayOpen: (list: GroupList) => boolean,
): { path: string; list: GroupList; fromHistory: boolean } {
  const name = typeof back === 'string' ? nameOf(back) : undefined
  const list = LISTS.find((l) => l === name && mayOpen(l))
  return list
    ? { path: back as string, list, fromHistory: true }
    : { path: '/groups', list: 'groups', fromHistory: false }
}

export type MemberFilter = 'all' | GroupMember['type']

export function filterMembers(
  members: readonly GroupMember[],
  filter: MemberFilter,
): GroupMember[] {
  return filter === 'all'
    ? [...members]
    : members.filter((m) => m.type === filter)
}

export function memberCounts(members: readonly GroupMember[]): {
  member: number
  customer: number
} {
  const member = members.filter((m) => m.type === 'member').length
  return { member, customer: members.length - member }
}

/** Which word a history line takes: a removal is not a leaving. */
export function historyWord(
  entry: GroupHistoryEntry,
): GroupHistoryEntry['kind'] | 'removed' {
  return entry.kind === 'left' && entry.quitScene === 'removed'
    ? 'removed'
    : entry.kind
}

/** Pages of `pageSize` for `total` lines; one page for none. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)))
}

/** The required roles in the group's order: each present or missing. */
export function roleChecks(
  group: GroupDetail['group'],
): { role: string; present: boolean }[] {
  const required = ['butler', 'front_desk', 'doctor', 'nurse'] as const
  return required.map((role) => ({
    role,
    present: !group.missingRoles.includes(role),
  }))
}

/** Roles in the group beyond the required four (a store manager, …). */
export function otherRoles(group: GroupDetail['group']): string[] {
  const required: readonly string[] = [
    'butler',
    'front_desk',
    'doctor',
    'nurse',
  ]
  return group.rolesPresent.filter((role) => !required.includes(role))
}
