/**
 * The console API, under `/api/console`: head office, region admins and
 * store managers, each scoped to their part of the organisation. Every call
 * needs a signed-in session (WeCom OAuth, or a local admin account) whose
 * role may use the console; others get 403 `NOT_CONSOLE_USER`. Lists that a
 * scope narrows are narrowed on the server, never in the page.
 */

import type { StaffRoleName } from './sidebar'

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
  /**
   * The region's weekly target for new followers: on region rows only, and
   * only for a region the user sees as a whole.
   */
  target: number | null
  /** Who set the region's target for the week, and when. */
  targetSetBy: { userId: string; name: string; at: string } | null
}

/** The board of one week, level and scope, as the leaderboard counts it. */
export interface Leaderboard extends IsoWeek {
  level: 'region' | 'hospital' | 'member'
  /**
   * Rows with customers added or lost this week first, by net; then the
   * ones with none (every region, hospital and active member of the scope
   * is listed), by name. Last, at the region and hospital levels, the
   * row with `id` `''`: members placed in no hospital (head office's own
   * staff, say) or in a hospital with no region, whose customers count too.
   */
  rows: LeaderboardRow[]
  /**
   * `target` is the weekly target of the regions the board covers as a
   * whole, summed (null when none of them has one), wherever the board is
   * narrowed to: all regions, one region, a region's hospitals or members.
   */
  totals: Omit<
    LeaderboardRow,
    'id' | 'name' | 'regionId' | 'hospitalId' | 'targetSetBy'
  >
  /**
   * `regions` when the board covers whole regions, so `totals.target` is
   * theirs; `part_of_region` when it is one hospital or a store manager's
   * part of a region: targets are set per region, so none applies.
   */
  targetScope: 'regions' | 'part_of_region'
  /** The last 8 weeks' net, oldest first, for the chart. */
  trend: { week: string; added: number; net: number }[]
}

/**
 * `GET /api/console/leaderboard?week=2026-W49&level=region|hospital|member
 * &regionId=&hospitalId=`; `&format=csv` answers the board as CSV.
 */
export interface LeaderboardResponse extends Leaderboard {
  /**
   * The week has not ended yet in China time (this week, or one to come):
   * its figures are still growing, so a change against last week is not
   * final.
   */
  weekInProgress: boolean
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
  /**
   * The rows, each named for what it counts: the total of all hospitals
   * (全部门店), of a region admin's region or of a store manager's store; a
   * region the user sees only part of as `华东大区（仅上海徐汇店）`.
   */
  groups: { id: string; name: string; cohorts: RepurchaseCohort[] }[]
}

/**
 * Why a group's name breaks `customer ID + pet name + complaint`: it is
 * empty, does not start with a customer ID, or lacks the pet name or the
 * complaint after it.
 */
export type GroupNameProblem =
  'EMPTY' | 'NO_CUSTOMER_ID' | 'MISSING_PET_NAME' | 'MISSING_COMPLAINT'

/** A role every customer group should have among its members. */
export type GroupRole = 'butler' | 'front_desk' | 'doctor' | 'nurse'

/**
 * `GET /api/console/groups/problems`: one customer, one group. A group
 * belongs to its owner's hospital, here and on every console page of
 * groups (a group with no owner, or an owner outside every hospital, only
 * to head office).
 */
export interface GroupProblems {
  /** Groups whose name breaks the rule or that miss a required role. */
  groups: {
    chatId: string
    name: string
    owner: { userId: string; name: string } | null
    hospitalId: string | null
    nameProblem: GroupNameProblem | null
    missingRoles: GroupRole[]
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

/**
 * `GET /api/console/groups/:chatId`: one customer group, live or dismissed,
 * with its current members and the first page of its history. A group
 * outside the user's scope is a 404, as a group that does not exist.
 */
export interface GroupDetail {
  group: {
    chatId: string
    name: string
    owner: { userId: string; name: string } | null
    /** The owner's hospital, which places the group in a scope. */
    hospitalId: string | null
    notice: string | null
    /** When WeCom says the group was created; null when never read. */
    createdAt: string | null
    dismissed: boolean
    /** The first dismissal seen; null while the group lives. */
    dismissedAt: string | null
    /** Members and customers in the group, as WeCom last listed it. */
    memberCount: number
    /** The name read against the rule: its parts, or what is wrong. */
    parsedName: {
      customerId: string
      petName: string
      complaint: string
    } | null
    nameProblem: GroupNameProblem | null
    /** The hospital's customer the name's customer ID points to. */
    customer: { id: string; name: string; hospitalId: string | null } | null
    /** That customer's pet of the name's pet name, when exactly one. */
    pet: { id: string; name: string; species: 'dog' | 'cat' | 'other' } | null
    /** Roles among the members now in the group. */
    rolesPresent: StaffRoleName[]
    /** Required roles missing as of the group's last sync. */
    missingRoles: GroupRole[]
  }
  /**
   * Who is in the group now (for a dismissed group, who was in it when it
   * ended): the corp's members first, by role, then customers by join time.
   */
  members: GroupMember[]
  history: GroupHistoryPage
}

/** One person in a customer group. */
export interface GroupMember {
  /** A member's userid or a customer's external_userid. */
  id: string
  type: 'member' | 'customer'
  name: string | null
  /** A member's staff role; null for customers and unknown positions. */
  role: StaffRoleName | null
  isOwner: boolean
  joinedAt: string
  /** How they joined: invited by someone, through a link, by the QR code. */
  joinScene: 'invited' | 'link' | 'qr_code' | null
  invitor: { userId: string; name: string } | null
}

/** One thing that happened to a group. */
export interface GroupHistoryEntry {
  kind:
    | 'created'
    | 'joined'
    | 'left'
    | 'renamed'
    | 'owner_changed'
    | 'notice_changed'
    | 'dismissed'
  at: string
  /** Who joined or left. */
  member: {
    id: string
    type: 'member' | 'customer'
    name: string | null
  } | null
  /** For `joined`: how, and who invited them. */
  joinScene: GroupMember['joinScene']
  invitor: { userId: string; name: string } | null
  /** For `left`: by themselves, or removed by the owner or an admin. */
  quitScene: 'left' | 'removed' | null
  /**
   * For `left`: WeCom sent no event that dates it, so `at` is when a later
   * sync found them gone.
   */
  estimated: boolean
}

/**
 * `GET /api/console/groups/:chatId/history?page=1&pageSize=50`: a group's
 * history, newest first: creation and dismissal, every member's joining and
 * leaving as the worker kept them, and the renames, owner and notice
 * changes WeCom called back about (WeCom does not say what the new name,
 * owner or notice was). `pageSize` is 1–100.
 */
export interface GroupHistoryPage {
  entries: GroupHistoryEntry[]
  /** 1 for the first page. */
  page: number
  pageSize: number
  total: number
}

/**
 * `GET /api/console/members?q=&limit=`: the corp's members in the user's
 * scope whose name or userid contains `q` (all of them for no `q`), by
 * name, at most `limit` (1–50, 20). Members who left are listed too, for
 * the audit of what they opened.
 */
export interface ConsoleMemberList {
  members: ConsoleMember[]
}

export interface ConsoleMember {
  userId: string
  name: string
  role: StaffRoleName | null
  hospital: { id: string; name: string } | null
  /** No longer an active member of the corp. */
  left: boolean
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
  /** Entries per page. */
  pageSize: number
  /** Entries matching the filters, on every page. */
  total: number
}

/**
 * `GET /api/console/events?status=&before=`: the raw callback log (head
 * office). `POST /api/console/events/:id/retry` queues a parked or failed
 * event again (204); any other event is a 409 `EVENT_NOT_RETRYABLE` with
 * its `status` in `details`, an unknown id a 404.
 */
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
    /**
     * Times the worker has run it, the run that applied it included: 1 for
     * an event applied at once, 0 for one not run yet.
     */
    attempts: number
    /** Of those runs, the ones that failed. */
    failedAttempts: number
    lastError: string | null
    processedAt: string | null
  }[]
  next: string | null
  /** Events per page. */
  pageSize: number
  /** Events of the status asked for (all of them for none). */
  total: number
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
  /** An image reply's picture: an http(s) URL or a path on this server. */
  imageUrl: string | null
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
  kind: 'text' | 'link' | 'image'
  /** The text; for a link its description, for an image what it shows. */
  content: string
  /** Required for a link reply. */
  link?: { url: string; title: string; desc: string; imgUrl: string }
  /**
   * Required for an image reply: a PNG or JPEG by http(s) URL (or a path
   * this server serves, such as `/sidebar/…`), read when a member first
   * sends it.
   */
  imageUrl?: string
}

/**
 * The variables a quick reply may use: `{{customerName}}`, `{{petName}}`,
 * `{{hospital}}`, `{{dueDate}}` (the pet's next vaccine or deworming date)
 * and `{{memberName}}`.
 */
export type QuickReplyVariable =
  | 'customerName'
  | 'petName'
  | 'hospital'
  | 'memberName'
  | 'dueDate'
  | 'vaccineName'
  | 'vaccineDue'
  | 'vaccineDueDate'
  | 'rabiesDue'
  | 'rabiesDueDate'
  | 'dewormingDue'
  | 'dewormingDueDate'

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
    /** The care articles the task carries as link cards (follow-ups). */
    articles: { id: string; title: string }[]
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
    /** Who created it: a member's userid, or `local:<username>`. */
    createdBy: string
    /** Their name, to show (never the account id). */
    createdByName: string
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
 * `POST /api/console/follow-ups/send`: follow-up mass-message tasks for one
 * member to some of their customers (WeCom asks the member to confirm
 * each). With `withArticles`, each customer gets the care articles of
 * their own pets in care (after surgery, chronic) as link cards: a WeCom
 * task carries one content for all its customers, so the customers are
 * split into one task per set of articles (those with none get the text
 * alone). Answers the tasks like `WakeResult`. An `articleId` for all of
 * them is refused (400): one customer's article is not another's.
 */
export interface FollowUpSend {
  userId: string
  externalUserIds: string[]
  text: string
  withArticles?: boolean
}
