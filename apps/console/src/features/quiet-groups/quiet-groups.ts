import type { QuietGroups } from '@petcare/shared'
import { withQuery } from '@petcare/web/http'

export type QuietGroup = QuietGroups['groups'][number]

export const DEFAULT_QUIET_DAYS = 90
export const QUIET_DAY_PRESETS = [30, 90, 180, 365] as const

/** The server takes 7–730 whole days. */
export function parseQuietDays(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null
  const days = Number(text)
  return days >= 7 && days <= 730 ? days : null
}

export function quietUrl(days: number): string {
  return withQuery('/api/console/groups/quiet', { days })
}

/** The server's limit on groups in one wake-up campaign. */
export const MAX_WAKE_GROUPS = 200

export interface QuietFilters {
  hospitalId: string | null
  search: string
}

/** Groups of one hospital, by name, chat id or owner. */
export function filterQuiet(
  groups: readonly QuietGroup[],
  f: QuietFilters,
): QuietGroup[] {
  const q = f.search.trim().toLowerCase()
  return groups.filter(
    (g) =>
      (!f.hospitalId || g.hospitalId === f.hospitalId) &&
      (q === '' ||
        [g.name, g.chatId, g.owner?.name, g.owner?.userId].some((text) =>
          text?.toLowerCase().includes(q),
        )),
  )
}

/** Whether any filter narrows the list. */
export function isFiltered(f: QuietFilters): boolean {
  return f.hospitalId !== null || f.search.trim() !== ''
}

/**
 * The line above the list: how many groups the filters show, and of how
 * many quiet ones in all; the picked groups the filters hide, which a
 * send still takes.
 */
export function quietCounts(
  groups: readonly QuietGroup[],
  shown: readonly QuietGroup[],
  picked: ReadonlySet<string>,
): { total: number; shown: number; pickedHidden: number } {
  const visible = new Set(shown.map((g) => g.chatId))
  return {
    total: groups.length,
    shown: shown.length,
    pickedHidden: [...picked].filter((id) => !visible.has(id)).length,
  }
}

/** Only a group with an owner can be woken: the owner sends the task. */
export const isWakeable = (g: QuietGroup) => g.owner !== null

/** The owners who will each get one task for the groups picked. */
export function ownersOf(
  groups: readonly QuietGroup[],
  picked: ReadonlySet<string>,
): string[] {
  const owners = groups
    .filter((g) => picked.has(g.chatId) && g.owner)
    .map((g) => g.owner!.userId)
  return [...new Set(owners)]
}
