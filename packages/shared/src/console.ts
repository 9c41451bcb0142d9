/**
 * The console API, under `/api/console`: head office, region admins and
 * store managers, each scoped to their part of the organisation. Every call
 * needs a signed-in session (WeCom OAuth, or a local admin account) whose
 * role may use the console; others get 403 `NOT_CONSOLE_USER`. Lists that a
 * scope narrows are narrowed on the server, never in the page.
 */

/** How far a console user sees. */
export type ConsoleLevel = 'head_office' | 'region' | 'store'

/** `GET /api/console/me`: who is signed in and the organisation they see. */
export interface ConsoleMe {
  userId: string
  name: string
  level: ConsoleLevel
  /** A local admin account rather than a WeCom member. */
  local: boolean
  regions: { id: string; name: string }[]
  hospitals: { id: string; name: string; regionId: string | null }[]
  mode: 'demo' | 'production'
}

/**
 * `POST /api/auth/local` with `{ username, password }`: the local admin
 * account for first setup (head office level). 401 `LOGIN_FAILED` on a
 * wrong pair, 429 `LOGIN_LOCKED` after repeated failures.
 */
export interface LocalLogin {
  username: string
  password: string
}

/** An ISO week in China time, e.g. `2026-W49`, and its days. */
export interface IsoWeek {
  week: string
  /** Monday, `YYYY-MM-DD`. */
  from: string
  /** Sunday, `YYYY-MM-DD`. */
  to: string
}

/** One line of the new-follower leaderboard. */
export interface LeaderboardRow {
  /** A region, hospital or member id, by `level`. */
  id: string
  name: string
  /** The region (for a hospital or member) and hospital (for a member). */
  regionId: string | null
  hospitalId: string | null
  /** Distinct customers added this week: a re-add in the week counts once. */
  added: number
  /** Distinct customers lost, by who ended it. */
  removedByMember: number
  removedByCustomer: number
  net: number
  /** Net of the week before, for the change. */
  previousNet: number
  /** The region's weekly target for new followers (regions only). */
  target: number | null
}

/**
 * `GET /api/console/leaderboard?week=2026-W49&level=region|hospital|member
 * &regionId=&hospitalId=`; `&format=csv` answers the same as CSV.
 */
export interface Leaderboard extends IsoWeek {
  level: 'region' | 'hospital' | 'member'
  rows: LeaderboardRow[]
  totals: Omit<LeaderboardRow, 'id' | 'name' | 'regionId' | 'hospitalId'>
  /** The last 8 weeks' net, oldest first, for the chart. */
  trend: { week: string; added: number; net: number }[]
}

/** `PUT /api/console/targets` (head office): a region's weekly target. */
export interface TargetRequest {
  regionId: string
  week: string
  target: number
}

/** One cohort of the repurchase report. */
export interface RepurchaseCohort {
  /** `YYYY-MM`: the month of the customers' visit. */
  month: string
  /** Customers with a visit in the month. */
  customers: number
  /** Of them, customers with a paid visit 1–90 days after it. */
  returned: number
  /** returned / customers, 0–1; null for no customers. */
  rate: number | null
  /** A cohort younger than 90 days is still filling up. */
  complete: boolean
}

/**
 * `GET /api/console/repurchase?from=YYYY-MM&to=YYYY-MM&by=total|region|hospital`:
 * the share of customers returning for a paid visit within 90 days.
 */
export interface RepurchaseReport {
  from: string
  to: string
  by: 'total' | 'region' | 'hospital'
  groups: { id: string; name: string; cohorts: RepurchaseCohort[] }[]
}

/** `GET /api/console/groups/problems`: one customer, one group. */
export interface GroupProblems {
  /** Groups whose name breaks the rule or that miss a required role. */
  groups: {
    chatId: string
    name: string
    owner: { userId: string; name: string } | null
    hospitalId: string | null
    nameProblem: string | null
    missingRoles: string[]
    memberCount: number
  }[]
  /** Bound customers with no live group named for them. */
  customersWithoutGroup: {
    customerId: string
    name: string
    hospitalId: string | null
    externalUserId: string | null
  }[]
}

/** `GET /api/console/audit?userId=&petId=&from=&to=&before=`: record openings. */
export interface AuditPage {
  entries: {
    id: string
    user: { userId: string; name: string }
    petId: string
    petName: string | null
    customerId: string | null
    source: string
    visitId: string | null
    openedAt: string
    ip: string | null
  }[]
  /** Pass as `before` for the next page; null at the end. */
  next: string | null
}

/** `GET /api/console/events?status=&before=`: the raw callback log. */
export interface EventLogPage {
  events: {
    id: string
    event: string
    changeType: string | null
    userId: string | null
    externalUserId: string | null
    chatId: string | null
    createTime: number
    receivedAt: string
    status: string
    attempts: number
    lastError: string | null
    processedAt: string | null
  }[]
  next: string | null
  counts: { status: string; count: number }[]
}

/**
 * `GET /api/console/lost?from=YYYY-MM-DD&to=YYYY-MM-DD&threshold=N`: lost
 * customers (流失), who removed whom, per member and hospital, and alerts
 * for a member who removed more than `threshold` customers in one day.
 */
export interface LostReport {
  from: string
  to: string
  threshold: number
  byMember: {
    userId: string
    name: string
    hospitalId: string | null
    removedByMember: number
    removedByCustomer: number
  }[]
  byHospital: {
    id: string
    name: string
    removedByMember: number
    removedByCustomer: number
  }[]
  alerts: { userId: string; name: string; day: string; removed: number }[]
  /** The latest 100 removals. */
  recent: {
    userId: string
    memberName: string
    externalUserId: string
    customerName: string | null
    endedBy: 'member' | 'customer'
    at: string
  }[]
}

/** A quick reply as the library page lists it. */
export interface LibraryReply {
  id: string
  scope: 'head_office' | 'region' | 'personal'
  regionId: string | null
  owner: { userId: string; name: string } | null
  category: string
  title: string
  kind: 'text' | 'link' | 'image'
  content: string
  link: { url: string; title: string; desc: string; imgUrl: string } | null
  /** Sends from the sidebar in the last 30 days. */
  uses30d: number
  updatedAt: string
  /** Whether the signed-in user may edit it. */
  editable: boolean
}

/**
 * `GET /api/console/quick-replies`: `{ replies: LibraryReply[], variables }`;
 * `POST /api/console/quick-replies` and `PUT /api/console/quick-replies/:id`
 * take a `QuickReplyInput`; `DELETE …/:id` removes one. Head office edits
 * head office's and every region's; a region admin their region's.
 * The sidebar reports a send with `POST /api/sidebar/quick-replies/:id/used`.
 */
export interface QuickReplyInput {
  scope: 'head_office' | 'region'
  regionId?: string
  category: string
  title: string
  kind: 'text' | 'link'
  content: string
  link?: { url: string; title: string; desc: string; imgUrl: string }
}

/**
 * The variables a quick reply may use: `{{customerName}}`, `{{petName}}`,
 * `{{hospital}}`, `{{dueDate}}` (the pet's next vaccine or deworming date)
 * and `{{memberName}}`.
 */
export type QuickReplyVariable =
  'customerName' | 'petName' | 'hospital' | 'dueDate' | 'memberName'

/**
 * `GET /api/console/groups/quiet?days=90`: live customer groups with no
 * recorded activity (a member change or group update, a follow-up note, a
 * visit of the group's customer, a message sent through the product) for
 * `days` days.
 */
export interface QuietGroups {
  days: number
  groups: {
    chatId: string
    name: string
    owner: { userId: string; name: string } | null
    hospitalId: string | null
    lastActivityAt: string | null
    customerCount: number
  }[]
}

/**
 * `POST /api/console/groups/wake` with `{ chatIds, text }`: a wake-up
 * campaign (a free check-up offer): one group mass-message task per group
 * owner through WeCom, which the owner confirms in WeCom. Answers what was
 * created; `GET /api/console/mass-messages` lists what was sent.
 */
export interface WakeResult {
  tasks: {
    sender: string
    chatIds: string[]
    msgId: string | null
    failList: string[]
    error: string | null
  }[]
}

export interface MassMessageLog {
  messages: {
    id: string
    purpose: 'wake' | 'follow_up'
    chatType: 'single' | 'group'
    sender: string
    senderName: string | null
    targets: string[]
    text: string
    msgId: string | null
    failList: string[]
    error: string | null
    createdBy: string
    createdAt: string
  }[]
}

/** A care or nutrition article matched to a pet's care flag. */
export interface CareArticle {
  id: string
  title: string
  url: string
  flag: 'post_surgery' | 'chronic' | 'recent_vaccination'
}

/**
 * `GET /api/console/follow-ups?fromDays=30&toDays=60`: who is due a
 * follow-up, by the member responsible (the butler who follows the
 * customer): customers whose last visit was 30–60 days ago with no note
 * since, and pets after surgery or with a chronic disease, each with an
 * article for them.
 */
export interface FollowUpsDue {
  fromDays: number
  toDays: number
  members: {
    userId: string
    name: string
    hospitalId: string | null
    due: {
      externalUserId: string
      customerId: string
      customerName: string
      lastVisitOn: string
      petNames: string[]
    }[]
    care: {
      externalUserId: string
      customerId: string
      customerName: string
      petId: string
      petName: string
      flag: 'post_surgery' | 'chronic'
      sinceOn: string
      article: CareArticle
    }[]
  }[]
}

/**
 * `POST /api/console/follow-ups/send`: a mass-message task for one member
 * to a list of their customers (WeCom asks the member to confirm it), with
 * an optional article as a link card. Answers the task like `WakeResult`.
 */
export interface FollowUpSend {
  userId: string
  externalUserIds: string[]
  text: string
  articleId?: string
}
