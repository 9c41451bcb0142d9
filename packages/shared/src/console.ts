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
