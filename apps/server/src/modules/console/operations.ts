import { randomUUID } from 'node:crypto'
import type {
  CareArticle,
  LibraryReply,
  LostReport,
  MassMessageLog,
  QuickReplyInput,
  QuietGroups,
  WakeResult,
} from '@petcare/shared'
import {
  WecomApiError,
  type MessageAttachment,
  type WecomClient,
} from '@petcare/wecom'
import { IsNull, type DataSource } from 'typeorm'
import { dialectOf, readSqlTime, sqlTime } from '../../db/data-source'
import { AppError, ForbiddenError, NotFoundError } from '../../errors'
import { accountNames } from '../auth/account-names'
import type { Principal } from '../auth/principal'
import {
  QuickReplyEntity,
  type QuickReplyRecord,
} from '../sidebar/care-tools.entity'
import { groupHospital, memberPlaces, type ConsoleScope } from './scope'

/** Unix seconds at 00:00 China time of a calendar date. */
function chinaMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`) / 1000
}

/**
 * Lost customers (流失) between two China dates, from the follow changes:
 * distinct customers removed per member and who ended it, and the days a
 * member removed more than `threshold` customers themselves.
 */
export async function lostCustomers(
  dataSource: DataSource,
  scope: ConsoleScope,
  input: { from: string; to: string; threshold: number },
): Promise<LostReport> {
  const start = chinaMidnight(input.from)
  const end = chinaMidnight(input.to) + 86_400
  const members = await memberPlaces(dataSource, scope)
  const inScope = (userId: string) =>
    scope.level === 'head_office' ||
    scope.hasHospital(members.get(userId)?.hospitalId ?? null)
  const rows = await dataSource.query<
    { user_id: string; ended_by: string; n: string | number }[]
  >(
    `SELECT user_id, ended_by, COUNT(DISTINCT external_user_id) AS n
       FROM follow_change WHERE kind = 'removed' AND at >= ? AND at < ?
      GROUP BY user_id, ended_by`,
    [start, end],
  )
  const byMember = new Map<string, LostReport['byMember'][number]>()
  for (const row of rows.filter((r) => inScope(r.user_id))) {
    const member = members.get(row.user_id)
    const entry = byMember.get(row.user_id) ?? {
      userId: row.user_id,
      name: member?.name ?? row.user_id,
      hospitalId: member?.hospitalId ?? null,
      removedByMember: 0,
      removedByCustomer: 0,
    }
    if (row.ended_by === 'member') {
      entry.removedByMember += Number(row.n)
    } else {
      entry.removedByCustomer += Number(row.n)
    }
    byMember.set(row.user_id, entry)
  }
  const byHospital = new Map<string, LostReport['byHospital'][number]>()
  for (const m of byMember.values()) {
    const id = m.hospitalId ?? ''
    const entry = byHospital.get(id) ?? {
      id,
      // Members in no hospital (head office's own, say): named so.
      name:
        scope.hospitals.find((h) => h.id === id)?.name ?? '未归属门店的成员',
      removedByMember: 0,
      removedByCustomer: 0,
    }
    entry.removedByMember += m.removedByMember
    entry.removedByCustomer += m.removedByCustomer
    byHospital.set(id, entry)
  }

  // Days in China time: shift by 8 hours before cutting into days.
  const day =
    dialectOf(dataSource) === 'mysql'
      ? '(at + 28800) DIV 86400'
      : 'CAST((at + 28800) / 86400 AS INTEGER)'
  const daily = await dataSource.query<
    { user_id: string; d: string | number; n: string | number }[]
  >(
    `SELECT user_id, ${day} AS d, COUNT(DISTINCT external_user_id) AS n
       FROM follow_change
      WHERE kind = 'removed' AND ended_by = 'member' AND at >= ? AND at < ?
      GROUP BY user_id, ${day}
     HAVING COUNT(DISTINCT external_user_id) > ?`,
    [start, end, input.threshold],
  )
  const recent = await dataSource.query<
    {
      user_id: string
      external_user_id: string
      ended_by: string
      at: string | number
      customer_name: string | null
    }[]
  >(
    `SELECT f.user_id, f.external_user_id, f.ended_by, f.at, c.name AS customer_name
       FROM follow_change f
       LEFT JOIN customer c ON c.external_user_id = f.external_user_id
      WHERE f.kind = 'removed' AND f.at >= ? AND f.at < ?
      ORDER BY f.at DESC, f.id DESC LIMIT 500`,
    [start, end],
  )
  const sortByLoss = <
    T extends { removedByMember: number; removedByCustomer: number },
  >(
    list: T[],
  ) =>
    list.sort(
      (a, b) =>
        b.removedByMember +
        b.removedByCustomer -
        (a.removedByMember + a.removedByCustomer),
    )
  return {
    from: input.from,
    to: input.to,
    threshold: input.threshold,
    byMember: sortByLoss([...byMember.values()]),
    // The row of members in no hospital last, whatever it lost.
    byHospital: sortByLoss([...byHospital.values()]).sort(
      (a, b) => Number(a.id === '') - Number(b.id === ''),
    ),
    alerts: daily
      .filter((d) => inScope(d.user_id))
      .map((d) => ({
        userId: d.user_id,
        name: members.get(d.user_id)?.name ?? d.user_id,
        day: new Date(Number(d.d) * 86_400_000).toISOString().slice(0, 10),
        removed: Number(d.n),
      }))
      .sort((a, b) => b.day.localeCompare(a.day) || b.removed - a.removed),
    recent: recent
      .filter((r) => inScope(r.user_id))
      .slice(0, 100)
      .map((r) => ({
        userId: r.user_id,
        memberName: members.get(r.user_id)?.name ?? r.user_id,
        externalUserId: r.external_user_id,
        customerName: r.customer_name,
        endedBy: r.ended_by === 'member' ? 'member' : 'customer',
        at: new Date(Number(r.at) * 1000).toISOString(),
      })),
  }
}

/**
 * Live customer groups with no recorded activity for `days` days: the
 * group's own changes (created, a callback about it such as a rename,
 * members joining or leaving), follow-up notes on it or its customer,
 * visits of its customer, and mass messages the product sent to it. (The
 * re-sync's own touches are not activity.)
 */
export async function quietGroups(
  dataSource: DataSource,
  scope: ConsoleScope,
  days: number,
  now = new Date(),
): Promise<QuietGroups> {
  const mysql = dialectOf(dataSource) === 'mysql'
  const cutoffSeconds = Math.floor(now.getTime() / 1000) - days * 86_400
  const cutoff = new Date(cutoffSeconds * 1000)
  const time = (date: Date) => sqlTime(dataSource, date)
  const rows = await dataSource.query<
    {
      chat_id: string
      name: string
      owner_id: string | null
      last_event: string | number | null
    }[]
  >(
    `SELECT g.chat_id, g.name, g.owner_id,
            (SELECT MAX(CASE WHEN m.left_at IS NOT NULL AND m.left_at > m.join_time
                             THEN m.left_at ELSE m.join_time END)
               FROM group_member m WHERE m.chat_id = g.chat_id) AS last_event
       FROM customer_group g
      WHERE g.dismissed_at IS NULL
        AND COALESCE(g.created_at, 0) < ?
        AND NOT EXISTS (SELECT 1 FROM wecom_event e
              WHERE e.chat_id = g.chat_id AND e.create_time >= ?)
        AND NOT EXISTS (SELECT 1 FROM group_member m WHERE m.chat_id = g.chat_id
              AND (m.join_time >= ? OR m.left_at >= ?))
        AND NOT EXISTS (SELECT 1 FROM follow_up_note n
              WHERE (n.chat_id = g.chat_id OR n.customer_id = g.customer_code)
                AND n.created_at >= ?)
        AND NOT EXISTS (SELECT 1 FROM visit v
              WHERE v.customer_id = g.customer_code AND v.visited_at >= ?)
        AND NOT EXISTS (SELECT 1 FROM mass_message x
              WHERE x.chat_type = 'group' AND x.targets_json LIKE ${
                mysql
                  ? "CONCAT('%\"', g.chat_id, '\"%')"
                  : `'%"' || g.chat_id || '"%'`
              } AND x.created_at >= ?)
      ORDER BY g.name`,
    [
      cutoffSeconds,
      cutoffSeconds,
      cutoffSeconds,
      cutoffSeconds,
      time(cutoff),
      time(cutoff),
      time(cutoff),
    ],
  )
  const members = await memberPlaces(dataSource, scope)
  const customers = await dataSource.query<
    { chat_id: string; n: string | number }[]
  >(
    `SELECT chat_id, COUNT(*) AS n FROM group_member
      WHERE member_type = 2 AND left_at IS NULL GROUP BY chat_id`,
  )
  return {
    days,
    groups: rows
      .map((g) => ({ ...g, hospitalId: groupHospital(g.owner_id, members) }))
      .filter((g) => scope.hasHospital(g.hospitalId))
      .map((g) => ({
        chatId: g.chat_id,
        name: g.name,
        owner: g.owner_id
          ? {
              userId: g.owner_id,
              name: members.get(g.owner_id)?.name ?? g.owner_id,
            }
          : null,
        hospitalId: g.hospitalId,
        lastActivityAt:
          g.last_event === null
            ? null
            : new Date(Number(g.last_event) * 1000).toISOString(),
        customerCount: Number(
          customers.find((c) => c.chat_id === g.chat_id)?.n ?? 0,
        ),
      })),
  }
}

/**
 * A wake-up campaign: one group mass-message task per owner for their
 * groups among `chatIds`, through WeCom's `add_msg_template`; each owner
 * confirms it in WeCom. Every task is recorded, failed ones too.
 */
export async function wakeGroups(
  dataSource: DataSource,
  wecom: WecomClient | null,
  scope: ConsoleScope,
  who: Principal,
  input: { chatIds: string[]; text: string },
): Promise<WakeResult> {
  if (!wecom) {
    throw new AppError(503, 'WECOM_UNAVAILABLE', 'WECOM_SECRET is not set')
  }
  const groups = await dataSource.query<
    { chat_id: string; owner_id: string | null }[]
  >(
    `SELECT chat_id, owner_id FROM customer_group
      WHERE dismissed_at IS NULL AND chat_id IN (${input.chatIds.map(() => '?').join(', ')})`,
    input.chatIds,
  )
  const members = await memberPlaces(dataSource, scope)
  // Only an owner can send to a group: an ownerless one is never woken.
  const allowed = groups.filter(
    (g) => g.owner_id && scope.hasHospital(groupHospital(g.owner_id, members)),
  )
  if (allowed.length !== input.chatIds.length) {
    throw new NotFoundError('some groups are not live groups in your scope')
  }
  const byOwner = new Map<string, string[]>()
  for (const g of allowed) {
    byOwner.set(g.owner_id!, [...(byOwner.get(g.owner_id!) ?? []), g.chat_id])
  }
  const tasks: WakeResult['tasks'] = []
  for (const [sender, chatIds] of byOwner) {
    tasks.push(
      await createMassMessage(dataSource, wecom, {
        purpose: 'wake',
        chatType: 'group',
        sender,
        targets: chatIds,
        text: input.text,
        createdBy: who.userId,
      }),
    )
  }
  return { tasks }
}

/**
 * One mass-message task through WeCom's `add_msg_template` (the sender
 * confirms it in WeCom), recorded whether WeCom took it or not.
 */
export async function createMassMessage(
  dataSource: DataSource,
  wecom: WecomClient,
  task: {
    purpose: 'wake' | 'follow_up'
    chatType: 'single' | 'group'
    sender: string
    /** Chat ids for a group task, external user ids for a single one. */
    targets: string[]
    text: string
    /** Care articles, sent as link cards after the text. */
    articles?: readonly CareArticle[]
    createdBy: string
  },
): Promise<WakeResult['tasks'][number]> {
  const articles = task.articles ?? []
  const attachments: MessageAttachment[] = articles.map((a) => ({
    msgtype: 'link',
    link: { title: a.title, url: a.url },
  }))
  let msgId: string | null = null
  let failList: string[] = []
  let error: string | null = null
  try {
    const result = await wecom.addMessageTemplate({
      chat_type: task.chatType,
      sender: task.sender,
      ...(task.chatType === 'group'
        ? { chat_id_list: task.targets }
        : { external_userid: task.targets }),
      text: { content: task.text },
      ...(attachments.length > 0 ? { attachments } : {}),
    })
    msgId = result.msgId
    failList = result.failList
  } catch (caught) {
    error =
      caught instanceof WecomApiError
        ? `WeCom ${caught.errcode}: ${caught.errmsg}`
        : 'WeCom did not answer'
  }
  await recordMassMessage(dataSource, { ...task, msgId, failList, error })
  return {
    sender: task.sender,
    chatIds: task.targets,
    articles: articles.map((a) => ({ id: a.id, title: a.title })),
    msgId,
    failList,
    error,
  }
}

async function recordMassMessage(
  dataSource: DataSource,
  m: {
    purpose: 'wake' | 'follow_up'
    chatType: 'single' | 'group'
    sender: string
    targets: string[]
    text: string
    msgId: string | null
    failList: string[]
    error: string | null
    createdBy: string
  },
): Promise<void> {
  const now = new Date()
  await dataSource.query(
    `INSERT INTO mass_message (id, purpose, chat_type, sender, targets_json, text,
       msg_id, fail_list_json, error, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      randomUUID(),
      m.purpose,
      m.chatType,
      m.sender,
      JSON.stringify(m.targets),
      m.text,
      m.msgId,
      JSON.stringify(m.failList),
      m.error?.slice(0, 500) ?? null,
      m.createdBy,
      sqlTime(dataSource, now),
    ],
  )
}

export async function massMessages(
  dataSource: DataSource,
  scope: ConsoleScope,
): Promise<MassMessageLog> {
  const members = await memberPlaces(dataSource, scope)
  const rows = await dataSource.query<
    {
      id: string
      purpose: 'wake' | 'follow_up'
      chat_type: 'single' | 'group'
      sender: string
      targets_json: string
      text: string
      msg_id: string | null
      fail_list_json: string
      error: string | null
      created_by: string
      created_at: Date | string
    }[]
  >('SELECT * FROM mass_message ORDER BY created_at DESC LIMIT 200')
  const mine = rows.filter((r) =>
    scope.hasHospital(members.get(r.sender)?.hospitalId ?? null),
  )
  const names = await accountNames(
    dataSource,
    mine.map((r) => r.created_by),
  )
  return {
    messages: mine.map((r) => ({
      id: r.id,
      purpose: r.purpose,
      chatType: r.chat_type,
      sender: r.sender,
      senderName: members.get(r.sender)?.name ?? null,
      targets: JSON.parse(r.targets_json) as string[],
      text: r.text,
      msgId: r.msg_id,
      failList: JSON.parse(r.fail_list_json) as string[],
      error: r.error,
      createdBy: r.created_by,
      createdByName: names.get(r.created_by) ?? r.created_by,
      createdAt: readSqlTime(r.created_at).toISOString(),
    })),
  }
}

/**
 * The quick-reply library as the console manages it: head office's and
 * the regions' in scope (editable by head office, and by a region admin
 * for their region), and members' own (read only), with sidebar usage.
 */
export class QuickReplyAdmin {
  constructor(private readonly dataSource: DataSource) {}

  async list(scope: ConsoleScope): Promise<LibraryReply[]> {
    const rows = await this.dataSource.getRepository(QuickReplyEntity).find({
      where: { deletedAt: IsNull() },
      order: { sortOrder: 'ASC', createdAt: 'ASC' },
    })
    const members = await memberPlaces(this.dataSource, scope)
    const since = new Date(Date.now() - 30 * 86_400_000)
    const uses = await this.dataSource.query<
      { reply_id: string; n: string | number }[]
    >(
      `SELECT reply_id, COUNT(*) AS n FROM quick_reply_use
        WHERE used_at >= ? GROUP BY reply_id`,
      [sqlTime(this.dataSource, since)],
    )
    return rows
      .filter((r) =>
        r.scope === 'head_office'
          ? true
          : r.scope === 'region'
            ? scope.hasRegion(r.regionId)
            : scope.hasHospital(
                members.get(r.ownerUserId ?? '')?.hospitalId ?? null,
              ),
      )
      .map((r) => ({
        id: r.id,
        scope: r.scope,
        regionId: r.regionId,
        owner: r.ownerUserId
          ? {
              userId: r.ownerUserId,
              name: members.get(r.ownerUserId)?.name ?? r.ownerUserId,
            }
          : null,
        category: r.category,
        title: r.title,
        kind: r.kind,
        content: r.content,
        link: r.linkJson
          ? (JSON.parse(r.linkJson) as LibraryReply['link'])
          : null,
        imageUrl: r.kind === 'image' ? r.imageUrl : null,
        uses30d: Number(uses.find((u) => u.reply_id === r.id)?.n ?? 0),
        updatedAt: r.updatedAt.toISOString(),
        editable: this.mayEdit(scope, r),
      }))
  }

  async create(
    scope: ConsoleScope,
    who: Principal,
    input: QuickReplyInput,
  ): Promise<string> {
    const now = new Date()
    const row: QuickReplyRecord = {
      id: randomUUID(),
      scope: input.scope,
      regionId: input.scope === 'region' ? (input.regionId ?? null) : null,
      ownerUserId: null,
      category: input.category,
      title: input.title,
      ...bodyOf(input),
      sortOrder: 0,
      createdBy: who.userId,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    }
    this.requireEdit(scope, row)
    await this.dataSource.getRepository(QuickReplyEntity).insert(row)
    return row.id
  }

  async update(
    scope: ConsoleScope,
    id: string,
    input: QuickReplyInput,
  ): Promise<void> {
    const repo = this.dataSource.getRepository(QuickReplyEntity)
    const row = await repo.findOneBy({ id, deletedAt: IsNull() })
    if (!row) {
      throw new NotFoundError('no such quick reply')
    }
    this.requireEdit(scope, row)
    const next = {
      ...row,
      scope: input.scope,
      regionId: input.scope === 'region' ? (input.regionId ?? null) : null,
    }
    this.requireEdit(scope, next)
    const body = bodyOf(input)
    await repo.update(
      { id },
      {
        scope: next.scope,
        regionId: next.regionId,
        category: input.category,
        title: input.title,
        ...body,
        // The WeCom upload was of the old picture: the next send uploads
        // the new one.
        ...(body.imageUrl !== row.imageUrl
          ? { mediaId: null, mediaExpiresAt: null }
          : {}),
        updatedAt: new Date(),
      },
    )
  }

  async remove(scope: ConsoleScope, id: string): Promise<void> {
    const repo = this.dataSource.getRepository(QuickReplyEntity)
    const row = await repo.findOneBy({ id, deletedAt: IsNull() })
    if (!row) {
      throw new NotFoundError('no such quick reply')
    }
    this.requireEdit(scope, row)
    await repo.update({ id }, { deletedAt: new Date() })
  }

  private mayEdit(
    scope: ConsoleScope,
    row: Pick<QuickReplyRecord, 'scope' | 'regionId'>,
  ): boolean {
    if (row.scope === 'personal') {
      return false
    }
    if (scope.level === 'head_office') {
      return row.scope === 'head_office' || scope.hasRegion(row.regionId)
    }
    return (
      scope.level === 'region' &&
      row.scope === 'region' &&
      scope.hasRegion(row.regionId)
    )
  }

  private requireEdit(
    scope: ConsoleScope,
    row: Pick<QuickReplyRecord, 'scope' | 'regionId'>,
  ) {
    if (row.scope === 'region' && !row.regionId) {
      throw new AppError(
        400,
        'VALIDATION_FAILED',
        'a regional reply needs regionId',
      )
    }
    if (!this.mayEdit(scope, row)) {
      throw new ForbiddenError(
        'NOT_IN_SCOPE',
        'you may not edit this quick reply',
      )
    }
    if (
      row.scope === 'region' &&
      !scope.regions.some((r) => r.id === row.regionId)
    ) {
      // Head office may write any region's replies, but only a region
      // that exists.
      throw new AppError(400, 'VALIDATION_FAILED', 'no such region')
    }
  }
}

/** What a reply says and carries, by kind: a link's card, an image's URL. */
function bodyOf(
  input: QuickReplyInput,
): Pick<QuickReplyRecord, 'kind' | 'content' | 'linkJson' | 'imageUrl'> {
  return {
    kind: input.kind,
    content: input.content,
    linkJson:
      input.kind === 'link' && input.link ? JSON.stringify(input.link) : null,
    imageUrl: input.kind === 'image' && input.imageUrl ? input.imageUrl : null,
  }
}
