import type {
  MomentCalendar,
  MomentEditRequest,
  MomentOwnerInfo,
  MomentPost,
} from '@petcare/shared'
import { weekDays, weekdayOf } from '../../shared/week'

/** `GET /api/console/moments` for one ISO week, Monday to Sunday. */
export function calendarUrl(week: string): string {
  const { from, to } = weekDays(week)
  return `/api/console/moments?from=${from}&to=${to}`
}

/**
 * What an empty slot offers: `free` to plan, or why not — the day has gone
 * by, the user may not plan this owner's posts, or the quota is used up
 * (by posts in slots the user cannot see, or planned at the same time).
 */
export type SlotState = 'free' | 'past' | 'read_only' | 'full'

export interface CalendarSlot {
  /** 1-based place in the owner's daily quota. */
  slot: number
  post: MomentPost | null
  /** For an empty slot, what it offers; for a post, `null`. */
  state: SlotState | null
}

export interface CalendarCell {
  day: string
  owner: string
  used: number
  limit: number
  slots: CalendarSlot[]
}

export interface CalendarDay {
  day: string
  /** 1 for Monday … 7 for Sunday. */
  weekday: number
  isToday: boolean
  isPast: boolean
}

export interface CalendarRow {
  owner: MomentOwnerInfo
  cells: CalendarCell[]
}

/** What an empty slot of `owner` on `day` offers. */
export function slotState(
  day: string,
  today: string,
  owner: Pick<MomentOwnerInfo, 'plannable'>,
  used: number,
  limit: number,
): SlotState {
  if (day < today) return 'past'
  if (!owner.plannable) return 'read_only'
  return used >= limit ? 'full' : 'free'
}

/** Every day from `from` to `to`, both included. */
function daysOf(from: string, to: string): string[] {
  const out: string[] = []
  const end = Date.parse(`${to}T00:00:00Z`)
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= end && out.length < 62;
    t += 86_400_000
  ) {
    out.push(new Date(t).toISOString().slice(0, 10))
  }
  return out
}

/**
 * The calendar as the page draws it: a row per owner (head office first,
 * as the server lists them), a cell per day, and in each cell the owner's
 * daily slots, each with its post or what the empty slot offers. A post
 * sits in its own slot; one whose slot is beyond the limit (a limit
 * lowered later) still shows, after the others.
 */
export function calendarLayout(cal: MomentCalendar): {
  days: CalendarDay[]
  rows: CalendarRow[]
} {
  const days = daysOf(cal.from, cal.to).map((day) => ({
    day,
    weekday: weekdayOf(day),
    isToday: day === cal.today,
    isPast: day < cal.today,
  }))
  const rows = cal.owners.map((owner) => ({
    owner,
    cells: days.map(({ day }) => {
      const quota = cal.quota.find((q) => q.day === day && q.owner === owner.id)
      const posts = cal.posts
        .filter((p) => p.day === day && p.owner === owner.id)
        .sort((a, b) => a.slot - b.slot)
      const limit = quota?.limit ?? owner.dailyLimit
      const used = quota?.used ?? posts.length
      const slots: CalendarSlot[] = []
      for (let slot = 1; slot <= limit; slot++) {
        const post = posts.find((p) => p.slot === slot) ?? null
        slots.push({
          slot,
          post,
          state: post ? null : slotState(day, cal.today, owner, used, limit),
        })
      }
      for (const post of posts) {
        if (post.slot > limit)
          slots.push({ slot: post.slot, post, state: null })
      }
      return { day, owner: owner.id, used, limit, slots }
    }),
  }))
  return { days, rows }
}

// ------------------------------------------------------------------ actions

/** What the user may do with a post, on the calendar's `today`. */
export function postActions(
  post: MomentPost,
  today: string,
  plannable: boolean,
): { edit: boolean; remove: boolean; publish: boolean; refresh: boolean } {
  const open = post.editable
  return {
    edit: open && post.day >= today,
    remove: open,
    publish: open && post.day === today,
    refresh: plannable && post.status === 'publishing',
  }
}

// ------------------------------------------------------------------ drafts

export interface MomentDraft {
  day: string
  text: string
  linkTitle: string
  linkUrl: string
}

export type MomentField = 'day' | 'text' | 'linkTitle' | 'linkUrl'
export type MomentProblem =
  'required' | 'too_long' | 'not_http' | 'past' | 'both_or_none'

export const TEXT_MAX = 2000
export const LINK_TITLE_BYTES = 64
export const LINK_URL_MAX = 512

export function newMomentDraft(day: string): MomentDraft {
  return { day, text: '', linkTitle: '', linkUrl: '' }
}

export function momentDraftOf(post: MomentPost): MomentDraft {
  return {
    day: post.day,
    text: post.text,
    linkTitle: post.link?.title ?? '',
    linkUrl: post.link?.url ?? '',
  }
}

const bytes = (s: string) => new TextEncoder().encode(s).length

const isHttp = (url: string) => {
  try {
    return /^https?:$/.test(new URL(url).protocol)
  } catch {
    return false
  }
}

/**
 * What is wrong with a draft, field by field, by the server's rules
 * (moments.schema.ts): 1–2000 characters, a link's title at most 64 bytes
 * and its address http(s); a link is both or neither.
 */
export function momentProblems(
  d: MomentDraft,
  today: string,
): Partial<Record<MomentField, MomentProblem>> {
  const out: Partial<Record<MomentField, MomentProblem>> = {}
  if (!d.day) out.day = 'required'
  else if (d.day < today) out.day = 'past'
  const text = d.text.trim()
  if (text === '') out.text = 'required'
  else if ([...text].length > TEXT_MAX) out.text = 'too_long'
  const title = d.linkTitle.trim()
  const url = d.linkUrl.trim()
  if (title === '' && url !== '') out.linkTitle = 'both_or_none'
  if (url === '' && title !== '') out.linkUrl = 'both_or_none'
  if (title !== '' && bytes(title) > LINK_TITLE_BYTES) {
    out.linkTitle = 'too_long'
  }
  if (url !== '') {
    if (url.length > LINK_URL_MAX) out.linkUrl = 'too_long'
    else if (!isHttp(url)) out.linkUrl = 'not_http'
  }
  return out
}

/** The request body of a draft, trimmed; no link when none is given. */
export function momentInput(d: MomentDraft): MomentEditRequest {
  const title = d.linkTitle.trim()
  const url = d.linkUrl.trim()
  return {
    day: d.day,
    text: d.text.trim(),
    link: title && url ? { title, url } : null,
  }
}

/** Badge class per status. */
export const STATUS_BADGE: Record<MomentPost['status'], string> = {
  planned: 'badge-info',
  publishing: 'badge-warn',
  published: 'badge-ok',
  failed: 'badge-error',
}
