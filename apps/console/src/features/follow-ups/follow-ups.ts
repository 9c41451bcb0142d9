import type { CareArticle, FollowUpsDue } from '@petcare/shared'
import { withQuery } from '@petcare/web/http'

export type FollowUpMember = FollowUpsDue['members'][number]

export interface DueRange {
  fromDays: number
  toDays: number
}

/** A visit one to two months ago: the usual check-in after it. */
export const DEFAULT_RANGE: DueRange = { fromDays: 30, toDays: 60 }

/** The server takes 1–365 whole days, the first no more than the second. */
export function parseRange(from: string, to: string): DueRange | null {
  const day = (text: string) =>
    /^\s*\d+\s*$/.test(text) && Number(text) >= 1 && Number(text) <= 365
      ? Number(text)
      : null
  const fromDays = day(from)
  const toDays = day(to)
  if (fromDays === null || toDays === null || fromDays > toDays) return null
  return { fromDays, toDays }
}

export function followUpsUrl(range: DueRange): string {
  return withQuery('/api/console/follow-ups', { ...range })
}

/** The member's customers, due or in care, each once. */
export function customerIdsOf(m: FollowUpMember): string[] {
  return [
    ...new Set([
      ...m.due.map((d) => d.externalUserId),
      ...m.care.map((c) => c.externalUserId),
    ]),
  ]
}

/** The articles matched to the member's pets in care, each once. */
export function articlesOf(m: FollowUpMember): CareArticle[] {
  const byId = new Map(m.care.map((c) => [c.article.id, c.article]))
  return [...byId.values()]
}

/**
 * The article to offer for the customers picked: the one every picked
 * customer in care shares, or none when they need different ones (one
 * message goes to all of them).
 */
export function suggestedArticle(
  m: FollowUpMember,
  picked: ReadonlySet<string>,
): string | null {
  const ids = new Set(
    m.care.filter((c) => picked.has(c.externalUserId)).map((c) => c.article.id),
  )
  return ids.size === 1 ? [...ids][0]! : null
}
