import type { GroupProblems, GroupRole } from '@petcare/shared'

export type ProblemGroup = GroupProblems['groups'][number]
export type GrouplessCustomer = GroupProblems['customersWithoutGroup'][number]

/** The words for the server's codes; an unknown code is shown as it is. */
export interface ProblemWords {
  nameProblems: Record<string, string>
  roleNames: Record<string, string>
  missing: (roles: string) => string
}

/** A group's problems in words: `缺少客户编号`, `缺少医生、护士`. */
export function problemTexts(
  group: ProblemGroup,
  words: ProblemWords,
): { kind: 'name' | 'roles'; text: string }[] {
  const out: { kind: 'name' | 'roles'; text: string }[] = []
  if (group.nameProblem) {
    const text = words.nameProblems[group.nameProblem] ?? group.nameProblem
    out.push({ kind: 'name', text })
  }
  if (group.missingRoles.length > 0) {
    const roles = group.missingRoles.map((r) => words.roleNames[r] ?? r)
    out.push({ kind: 'roles', text: words.missing(roles.join('、')) })
  }
  return out
}

export interface GroupFilters {
  hospitalId: string | null
  problem: 'all' | 'name' | 'roles'
  /** Only groups missing this role. */
  role: GroupRole | null
  search: string
}

export const NO_FILTERS: GroupFilters = {
  hospitalId: null,
  problem: 'all',
  role: null,
  search: '',
}

const matches = (search: string, ...texts: (string | null | undefined)[]) => {
  const q = search.trim().toLowerCase()
  return q === '' || texts.some((t) => t?.toLowerCase().includes(q))
}

export function filterGroups(
  groups: readonly ProblemGroup[],
  f: GroupFilters,
): ProblemGroup[] {
  return groups.filter(
    (g) =>
      (!f.hospitalId || g.hospitalId === f.hospitalId) &&
      (f.problem !== 'name' || g.nameProblem !== null) &&
      (f.problem !== 'roles' || g.missingRoles.length > 0) &&
      (!f.role || g.missingRoles.includes(f.role)) &&
      matches(f.search, g.name, g.owner?.name, g.owner?.userId, g.chatId),
  )
}

export function filterCustomers(
  customers: readonly GrouplessCustomer[],
  f: Pick<GroupFilters, 'hospitalId' | 'search'>,
): GrouplessCustomer[] {
  return customers.filter(
    (c) =>
      (!f.hospitalId || c.hospitalId === f.hospitalId) &&
      matches(f.search, c.customerId, c.name),
  )
}

/**
 * The counts on the page's summary cards, as the filters narrow them: the
 * hospital, missing role and text apply; the problem kind does not, as
 * the cards pick it.
 */
export function problemCounts(
  report: GroupProblems,
  f: GroupFilters,
): { badName: number; missingRoles: number; noGroup: number } {
  const groups = filterGroups(report.groups, { ...f, problem: 'all' })
  return {
    badName: groups.filter((g) => g.nameProblem !== null).length,
    missingRoles: groups.filter((g) => g.missingRoles.length > 0).length,
    noGroup: filterCustomers(report.customersWithoutGroup, f).length,
  }
}

/** Whether a filter beyond the problem kind narrows the summary cards. */
export function narrowsCounts(f: GroupFilters): boolean {
  return f.hospitalId !== null || f.role !== null || f.search.trim() !== ''
}
