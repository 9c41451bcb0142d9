import { addDays, chinaToday, diffDays, type LocalDate } from '@petcare/domain'
import { seedCorp } from './seed'
import { chinaMidnight } from './seed-history'

/** A follow as a product stored it: who, which customer, since when. */
export interface StoredFollow {
  userid: string
  externalUserId: string
  /** Unix seconds: the follow's `createtime` as WeCom gave it. */
  startedAt: number
}

/** A Monday, to try each weekday from. */
const MONDAY = '2024-01-01'

/**
 * The `today` a corp of this seed was seeded with, read back from the start
 * times a product stored of its follows; null when they fit no day (another
 * seed, or follows seeded by an older simulator).
 *
 * A demo restarted on a later day seeds its simulator with this day again,
 * so WeCom's history stays what the product recorded. Seeded times are that
 * day's midnight minus offsets that depend only on the seed and the
 * weekday, so each weekday is tried, and the midnight most follows agree on
 * wins.
 */
export function findSeedToday(
  seed: number,
  stored: readonly StoredFollow[],
): LocalDate | null {
  let best: { today: LocalDate; votes: number } | null = null
  let matched = 0
  for (let weekday = 0; weekday < 7; weekday++) {
    const reference = addDays(MONDAY, weekday)
    const midnight = chinaMidnight(reference)
    const offsets = new Map(
      seedCorp(seed, { today: reference }).follows.map((f) => [
        `${f.userid}\n${f.externalUserId}`,
        f.createtime - midnight,
      ]),
    )
    const votes = new Map<number, number>()
    matched = 0
    for (const follow of stored) {
      const offset = offsets.get(`${follow.userid}\n${follow.externalUserId}`)
      if (offset !== undefined) {
        matched++
        const start = follow.startedAt - offset
        votes.set(start, (votes.get(start) ?? 0) + 1)
      }
    }
    for (const [start, count] of votes) {
      const today = chinaToday(new Date(start * 1000))
      const fits =
        chinaMidnight(today) === start &&
        ((diffDays(MONDAY, today) % 7) + 7) % 7 === weekday
      if (fits && (!best || count > best.votes)) {
        best = { today, votes: count }
      }
    }
  }
  return best && best.votes * 2 > matched ? best.today : null
}
