import type { ConsoleLevel } from '@petcare/shared'

/**
 * The console's pages and who may open them. The server scopes every
 * answer already; this only keeps a page out of the menu (and the router)
 * for a level it would show nothing useful to.
 */
export type PageName =
  | 'overview'
  | 'leaderboard'
  | 'repurchase'
  | 'lost'
  | 'groups'
  | 'quiet-groups'
  | 'follow-ups'
  | 'quick-replies'
  | 'moments'
  | 'protocol'
  | 'audit'
  | 'events'

export interface MenuItem {
  name: PageName
  path: string
  levels: readonly ConsoleLevel[]
}

/** Menu sections in order; the layout draws whatever is here. */
export interface MenuSection {
  key: 'home' | 'growth' | 'customers' | 'content' | 'system'
  items: MenuItem[]
}

const ALL: readonly ConsoleLevel[] = ['head_office', 'region', 'store']

export const MENU: readonly MenuSection[] = [
  {
    key: 'home',
    items: [{ name: 'overview', path: '/', levels: ALL }],
  },
  {
    key: 'growth',
    items: [
      { name: 'leaderboard', path: '/leaderboard', levels: ALL },
      { name: 'repurchase', path: '/repurchase', levels: ALL },
      { name: 'lost', path: '/lost', levels: ALL },
    ],
  },
  {
    key: 'customers',
    // Every level may wake its own groups and send its own members'
    // follow-ups: the server narrows both to the user's hospitals.
    items: [
      { name: 'groups', path: '/groups', levels: ALL },
      { name: 'quiet-groups', path: '/quiet-groups', levels: ALL },
      { name: 'follow-ups', path: '/follow-ups', levels: ALL },
    ],
  },
  {
    key: 'content',
    // Store managers see these read only: the answers say what they may
    // edit (`editable`, `plannable`), and the protocol is theirs to read.
    items: [
      { name: 'quick-replies', path: '/quick-replies', levels: ALL },
      { name: 'moments', path: '/moments', levels: ALL },
      { name: 'protocol', path: '/protocol', levels: ALL },
    ],
  },
  {
    key: 'system',
    items: [
      // Everyone answers for the record openings in their own scope (the
      // server narrows them to the user's hospitals).
      { name: 'audit', path: '/audit', levels: ALL },
      // Callbacks are corp-wide and carry no region, so only head office.
      { name: 'events', path: '/events', levels: ['head_office'] },
    ],
  },
]

/** The menu a level sees: sections with nothing left in them are dropped. */
export function visibleMenu(
  level: ConsoleLevel,
  menu: readonly MenuSection[] = MENU,
): MenuSection[] {
  return menu
    .map((section) => ({
      ...section,
      items: section.items.filter((item) => item.levels.includes(level)),
    }))
    .filter((section) => section.items.length > 0)
}

/** Whether a level may open a page. */
export function mayOpen(name: string, level: ConsoleLevel): boolean {
  return MENU.some((section) =>
    section.items.some(
      (item) => item.name === name && item.levels.includes(level),
    ),
  )
}

/**
 * The menu page a route is, or belongs to (a group's page to 一客一群), by
 * its name and `meta.page`.
 */
export function menuPageOf(route: {
  name?: unknown
  meta: { page?: PageName }
}): string {
  return route.meta.page ?? String(route.name)
}
