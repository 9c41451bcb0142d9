import type {
  CareArticle,
  FollowUpsDue,
  FollowUpSend,
  WakeResult,
} from '@petcare/shared'
import { addDays, chinaToday } from '@petcare/domain'
import type { WecomClient } from '@petcare/wecom'
import type { DataSource } from 'typeorm'
import { dialectOf, readSqlTime, sqlTime } from '../../db/data-source'
import { AppError, NotFoundError } from '../../errors'
import type { Principal } from '../auth/principal'
import { createMassMessage } from './operations'
import type { ConsoleScope } from './scope'

/**
 * The articles a care flag is matched to. Built in for now: the hospital
 * group's own content would replace them through the library later.
 */
export const CARE_ARTICLES: readonly CareArticle[] = [
  {
    id: 'post-surgery-home-care',
    title: '术后居家护理：伤口、饮食与活动',
    url: 'https://care.example.com/articles/post-surgery-home-care',
    flag: 'post_surgery',
  },
  {
    id: 'chronic-nutrition',
    title: '慢病宠物的营养管理与日常观察',
    url: 'https://care.example.com/articles/chronic-nutrition',
    flag: 'chronic',
  },
]

function articleFor(flag: string): CareArticle | undefined {
  return CARE_ARTICLES.find((a) => a.flag === flag)
}

/**
 * Who is due a follow-up (the 1–2 month check after a visit, and care
 * content for pets after surgery or with a chronic disease), grouped by the
 * butler who follows each customer, within the user's scope.
 */
export async function followUpsDue(
  dataSource: DataSource,
  scope: ConsoleScope,
  range: { fromDays: number; toDays: number },
  now = new Date(),
): Promise<FollowUpsDue> {
  const mysql = dialectOf(dataSource) === 'mysql'
  const time = (date: Date) => sqlTime(dataSource, date)
  const today = chinaToday(now)
  const oldest = new Date(
    Date.parse(`${addDays(today, -range.toDays)}T00:00:00+08:00`),
  )
  const newest = new Date(
    Date.parse(`${addDays(today, -range.fromDays)}T00:00:00+08:00`) +
      86_400_000,
  )
  // The customer's last visit, if it falls in the window, and no note on
  // them or follow-up message to them since it.
  const due = await dataSource.query<
    {
      customer_id: string
      customer_name: string
      hospital_id: string | null
      external_user_id: string
      last_visit: Date | string
    }[]
  >(
    `SELECT c.id AS customer_id, c.name AS customer_name, c.hospital_id,
            b.external_user_id, l.last_visit
       FROM (SELECT customer_id, MAX(visited_at) AS last_visit
               FROM visit GROUP BY customer_id) l
       JOIN hospital_customer c ON c.id = l.customer_id
       JOIN customer_binding b ON b.customer_id = c.id AND b.unbound_at IS NULL
      WHERE l.last_visit >= ? AND l.last_visit < ?
        AND NOT EXISTS (SELECT 1 FROM follow_up_note n
              WHERE n.customer_id = c.id AND n.created_at > l.last_visit)
        AND NOT EXISTS (SELECT 1 FROM mass_message x
              WHERE x.purpose = 'follow_up' AND x.created_at > l.last_visit
                AND x.targets_json LIKE ${
                  mysql
                    ? "CONCAT('%\"', b.external_user_id, '\"%')"
                    : `'%"' || b.external_user_id || '"%'`
                })
      ORDER BY l.last_visit`,
    [time(oldest), time(newest)],
  )
  const care = await dataSource.query<
    {
      customer_id: string
      customer_name: string
      hospital_id: string | null
      external_user_id: string
      pet_id: string
      pet_name: string
      flag: 'post_surgery' | 'chronic'
      since_on: string
    }[]
  >(
    `SELECT c.id AS customer_id, c.name AS customer_name, c.hospital_id,
            b.external_user_id, p.id AS pet_id, p.name AS pet_name,
            f.flag, f.since_on
       FROM care_flag f
       JOIN pet p ON p.id = f.pet_id AND p.status = 'active'
       JOIN hospital_customer c ON c.id = p.customer_id
       JOIN customer_binding b ON b.customer_id = c.id AND b.unbound_at IS NULL
      WHERE f.flag IN ('post_surgery', 'chronic')
        AND (f.until_on IS NULL OR f.until_on >= ?)
      ORDER BY f.since_on DESC`,
    [today],
  )
  const petNames = await dataSource.query<
    { customer_id: string; name: string }[]
  >(`SELECT customer_id, name FROM pet WHERE status = 'active'`)
  // The responsible member: the butler following the customer, else any
  // member who does.
  const follows = await dataSource.query<
    {
      external_user_id: string
      user_id: string
      name: string
      role: string | null
    }[]
  >(
    `SELECT f.external_user_id, f.user_id, s.name, s.role FROM follow f
       JOIN staff s ON s.user_id = f.user_id AND s.status = 1
      WHERE f.ended_at IS NULL`,
  )
  const responsible = new Map<string, { userId: string; name: string }>()
  for (const f of follows) {
    const current = responsible.get(f.external_user_id)
    if (!current || f.role === 'butler') {
      responsible.set(f.external_user_id, { userId: f.user_id, name: f.name })
    }
  }

  const members = new Map<string, FollowUpsDue['members'][number]>()
  const memberFor = (externalUserId: string, hospitalId: string | null) => {
    const who = responsible.get(externalUserId)
    if (!who || !scope.hasHospital(hospitalId)) {
      return null
    }
    let entry = members.get(who.userId)
    if (!entry) {
      entry = { ...who, hospitalId, due: [], care: [] }
      members.set(who.userId, entry)
    }
    return entry
  }
  for (const row of due) {
    memberFor(row.external_user_id, row.hospital_id)?.due.push({
      externalUserId: row.external_user_id,
      customerId: row.customer_id,
      customerName: row.customer_name,
      lastVisitOn: chinaToday(readSqlTime(row.last_visit)),
      petNames: petNames
        .filter((p) => p.customer_id === row.customer_id)
        .map((p) => p.name),
    })
  }
  for (const row of care) {
    const article = articleFor(row.flag)
    if (article) {
      memberFor(row.external_user_id, row.hospital_id)?.care.push({
        externalUserId: row.external_user_id,
        customerId: row.customer_id,
        customerName: row.customer_name,
        petId: row.pet_id,
        petName: row.pet_name,
        flag: row.flag,
        sinceOn: row.since_on,
        article,
      })
    }
  }
  return {
    ...range,
    members: [...members.values()].sort(
      (a, b) =>
        b.due.length + b.care.length - (a.due.length + a.care.length) ||
        a.userId.localeCompare(b.userId),
    ),
  }
}

/**
 * Follow-up mass-message tasks for one member to some of their customers,
 * through WeCom's `add_msg_template` (the member confirms each in WeCom).
 * Only customers the member follows, in the user's scope, are accepted.
 * A task has one content for all its customers, so with articles the
 * customers are split by the care articles their own pets call for: one
 * task per set of articles, and one without for customers with none.
 */
export async function sendFollowUp(
  dataSource: DataSource,
  wecom: WecomClient | null,
  scope: ConsoleScope,
  who: Principal,
  input: FollowUpSend,
  now = new Date(),
): Promise<WakeResult> {
  if (!wecom) {
    throw new AppError(503, 'WECOM_UNAVAILABLE', 'WECOM_SECRET is not set')
  }
  const marks = input.externalUserIds.map(() => '?').join(', ')
  const followed = await dataSource.query<
    { external_user_id: string; hospital_id: string | null }[]
  >(
    `SELECT f.external_user_id, c.hospital_id FROM follow f
       LEFT JOIN customer_binding b ON b.external_user_id = f.external_user_id
        AND b.unbound_at IS NULL
       LEFT JOIN hospital_customer c ON c.id = b.customer_id
      WHERE f.user_id = ? AND f.ended_at IS NULL
        AND f.external_user_id IN (${marks})`,
    [input.userId, ...input.externalUserIds],
  )
  if (
    followed.length !== input.externalUserIds.length ||
    followed.some((f) => !scope.hasHospital(f.hospital_id))
  ) {
    throw new NotFoundError(
      'some customers are not followed by that member in your scope',
    )
  }

  const articles = input.withArticles
    ? await careArticlesOf(dataSource, input.externalUserIds, chinaToday(now))
    : new Map<string, CareArticle[]>()
  const batches = new Map<string, { list: CareArticle[]; to: string[] }>()
  for (const externalUserId of input.externalUserIds) {
    const list = articles.get(externalUserId) ?? []
    const key = list.map((a) => a.id).join(',')
    const batch = batches.get(key) ?? { list, to: [] }
    batch.to.push(externalUserId)
    batches.set(key, batch)
  }
  const tasks: WakeResult['tasks'] = []
  for (const { list, to } of batches.values()) {
    tasks.push(
      await createMassMessage(dataSource, wecom, {
        purpose: 'follow_up',
        chatType: 'single',
        sender: input.userId,
        targets: to,
        text: input.text,
        articles: list,
        createdBy: who.userId,
      }),
    )
  }
  return { tasks }
}

/**
 * The care articles each customer's own pets call for today (after
 * surgery, chronic), in the order of `CARE_ARTICLES`, by external user id.
 */
async function careArticlesOf(
  dataSource: DataSource,
  externalUserIds: string[],
  today: string,
): Promise<Map<string, CareArticle[]>> {
  const rows = await dataSource.query<
    { external_user_id: string; flag: string }[]
  >(
    `SELECT DISTINCT b.external_user_id, f.flag
       FROM care_flag f
       JOIN pet p ON p.id = f.pet_id AND p.status = 'active'
       JOIN customer_binding b ON b.customer_id = p.customer_id
        AND b.unbound_at IS NULL
      WHERE f.flag IN ('post_surgery', 'chronic')
        AND (f.until_on IS NULL OR f.until_on >= ?)
        AND b.external_user_id IN (${externalUserIds.map(() => '?').join(', ')})`,
    [today, ...externalUserIds],
  )
  const result = new Map<string, CareArticle[]>()
  for (const id of externalUserIds) {
    const flags = new Set(
      rows.filter((r) => r.external_user_id === id).map((r) => r.flag),
    )
    const list = CARE_ARTICLES.filter((a) => flags.has(a.flag))
    if (list.length > 0) {
      result.set(id, list)
    }
  }
  return result
}
