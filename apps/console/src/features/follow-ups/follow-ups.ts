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

/** The care articles of one customer's pets, each once. */
export function articlesFor(
  m: FollowUpMember,
  externalUserId: string,
): CareArticle[] {
  const byId = new Map(
    m.care
      .filter((c) => c.externalUserId === externalUserId)
      .map((c) => [c.article.id, c.article]),
  )
  // The server's order: after surgery first.
  const order = (a: CareArticle) => (a.flag === 'post_surgery' ? 0 : 1)
  return [...byId.values()].sort((a, b) => order(a) - order(b))
}

/** Customers who get the same articles: one WeCom task. */
export interface FollowUpBatch {
  articles: CareArticle[]
  externalUserIds: string[]
}

/**
 * The tasks a send creates, as the server splits them: a WeCom task has
 * one content for all its customers, so with articles each set of
 * articles is its own task (customers with none get the text alone);
 * without, one task for all.
 */
export function followUpBatches(
  m: FollowUpMember,
  picked: ReadonlySet<string>,
  withArticles: boolean,
): FollowUpBatch[] {
  const batches = new Map<string, FollowUpBatch>()
  for (const id of customerIdsOf(m).filter((x) => picked.has(x))) {
    const articles = withArticles ? articlesFor(m, id) : []
    const key = articles.map((a) => a.id).join(',')
    const batch = batches.get(key) ?? { articles, externalUserIds: [] }
    batch.externalUserIds.push(id)
    batches.set(key, batch)
  }
  return [...batches.values()]
}
