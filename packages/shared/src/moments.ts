/**
 * Customer moments (客户朋友圈), under `/api/console/moments`: posts that
 * members publish to their customers' moments, planned per China day. Head
 * office may post twice a day and each region once; the quota holds however
 * many admins plan at once.
 *
 * Who may do what, by console level:
 * - head office plans its own posts and any region's;
 * - a region admin plans their region's and sees head office's, read only;
 * - a store manager sees head office's and their region's, read only.
 *
 * Besides the calendar, plan, and edit below: `DELETE /:id` (204) frees
 * the slot of a planned or failed post; `POST /:id/publish` creates the
 * WeCom task on the post's day, head office's sent by every member and a
 * region's by its members, and answers the `MomentPost`, now `publishing`
 * or `failed` with WeCom's error; `POST /:id/refresh` asks WeCom how the
 * task stands and answers the `MomentPost`.
 *
 * Errors besides the console's own: 409 `MOMENT_QUOTA_FULL` (no slot left
 * that day), 400 `MOMENT_DAY_PAST` (planning for a day gone by), 409
 * `MOMENT_LOCKED` (the post is on its way to WeCom or there already), 409
 * `MOMENT_NOT_TODAY` (publishing on another day than the post's), 409
 * `MOMENT_NO_DEPARTMENT` (no WeCom department to send it from), 503
 * `WECOM_UNAVAILABLE` (no WeCom client configured), 502 `WECOM_API_FAILED`
 * (a refresh WeCom did not answer).
 */

/** `'head_office'`, or a region's id. */
export type MomentOwner = string

/**
 * planned → publishing (WeCom has the task) → published (WeCom named the
 * moment), or failed. Planned and failed posts may be edited, deleted and
 * published (again); the others are WeCom's.
 */
export type MomentStatus = 'planned' | 'publishing' | 'published' | 'failed'

/** A link shown under the text. */
export interface MomentLink {
  /** At most 64 bytes (WeCom's limit). */
  title: string
  /** http(s), at most 512 characters. */
  url: string
}

/** One planned or sent post. */
export interface MomentPost {
  id: string
  /** The China date it is for, `YYYY-MM-DD`. */
  day: string
  owner: MomentOwner
  ownerName: string
  /** 1 or 2 for head office, 1 for a region: its place in the day's quota. */
  slot: number
  text: string
  link: MomentLink | null
  status: MomentStatus
  /** WeCom's job for the task, once published. */
  jobId: string | null
  /** WeCom's moment, once the job is done. */
  momentId: string | null
  /** Why publishing failed, as WeCom said it. */
  error: string | null
  createdBy: { userId: string; name: string }
  /** ISO instants. */
  createdAt: string
  publishedAt: string | null
  /** Whether the signed-in user may edit, delete and publish it. */
  editable: boolean
}

/** A poster the user sees, with its daily quota. */
export interface MomentOwnerInfo {
  id: MomentOwner
  name: string
  dailyLimit: number
  /** Whether the signed-in user may plan its posts. */
  plannable: boolean
}

/**
 * `GET /api/console/moments?from=YYYY-MM-DD&to=YYYY-MM-DD` (at most 62
 * days; today to six days on by default): the posts in the user's scope
 * and each day's quota per owner. Posts still publishing are checked with
 * WeCom on the way.
 */
export interface MomentCalendar {
  from: string
  to: string
  /** Today in China: earlier days cannot be planned. */
  today: string
  owners: MomentOwnerInfo[]
  posts: MomentPost[]
  /** Every day of the range × every owner: posts planned of the limit. */
  quota: { day: string; owner: MomentOwner; used: number; limit: number }[]
}

/**
 * `POST /api/console/moments`: plans a post in the first free slot of the
 * day; 201 with the `MomentPost`.
 */
export interface MomentPlanRequest {
  day: string
  owner: MomentOwner
  /** 1–2000 characters. */
  text: string
  link?: MomentLink | null
}

/**
 * `PUT /api/console/moments/:id`: changes a planned or failed post, which is
 * planned again; a new day takes the first free slot of that day. 200 with
 * the `MomentPost`.
 */
export type MomentEditRequest = Omit<MomentPlanRequest, 'owner'>
