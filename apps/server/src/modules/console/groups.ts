/**
 * The console's view of customer groups (一客一群): the groups that break
 * the rule, customers with no group, and one group with its members and
 * history. Each is narrowed by `groupHospital`, as the quiet groups are.
 */

import { STAFF_ROLES } from '@petcare/domain'
import type {
  GroupDetail,
  GroupHistoryEntry,
  GroupHistoryPage,
  GroupMember,
  GroupNameProblem,
  GroupProblems,
  GroupRole,
  StaffRoleName,
} from '@petcare/shared'
import type { DataSource } from 'typeorm'
import { NotFoundError } from '../../errors'
import { findGroupRecordLink } from '../group/group-record'
import { groupHospital, memberPlaces, type ConsoleScope } from './scope'

/** Written only from `parseGroupName`'s reasons and `missingGroupRoles`. */
const asNameProblem = (value: string | null) => value as GroupNameProblem | null
const asRoles = (value: string) =>
  value.split(',').filter(Boolean) as GroupRole[]

export async function groupProblems(
  dataSource: DataSource,
  scope: ConsoleScope,
): Promise<GroupProblems> {
  const groups = await dataSource.query<
    {
      chat_id: string
      name: string
      owner_id: string | null
      owner_name: string | null
      name_problem: string | null
      missing_roles: string
      member_count: number
    }[]
  >(
    `SELECT g.chat_id, g.name, g.owner_id, s.name AS owner_name,
            g.name_problem,
            g.missing_roles, g.member_count
       FROM customer_group g LEFT JOIN staff s ON s.user_id = g.owner_id
      WHERE g.dismissed_at IS NULL
        AND (g.name_problem IS NOT NULL OR g.missing_roles <> '')
      ORDER BY g.name`,
  )
  const members = await memberPlaces(dataSource, scope)
  const customers = await dataSource.query<
    {
      id: string
      name: string
      hospital_id: string | null
      external_user_id: string | null
    }[]
  >(
    `SELECT c.id, c.name, c.hospital_id, b.external_user_id
       FROM hospital_customer c
       JOIN customer_binding b ON b.customer_id = c.id AND b.unbound_at IS NULL
      WHERE NOT EXISTS (SELECT 1 FROM customer_group g
             WHERE g.customer_code = c.id AND g.dismissed_at IS NULL)
      ORDER BY c.id LIMIT 1000`,
  )
  return {
    groups: groups
      .map((g) => ({ ...g, hospitalId: groupHospital(g.owner_id, members) }))
      .filter((g) => scope.hasHospital(g.hospitalId))
      .map((g) => ({
        chatId: g.chat_id,
        name: g.name,
        owner: g.owner_id
          ? { userId: g.owner_id, name: g.owner_name ?? g.owner_id }
          : null,
        hospitalId: g.hospitalId,
        nameProblem: asNameProblem(g.name_problem),
        missingRoles: asRoles(g.missing_roles),
        memberCount: Number(g.member_count),
      })),
    customersWithoutGroup: customers
      .filter((c) => scope.hasHospital(c.hospital_id))
      .map((c) => ({
        customerId: c.id,
        name: c.name,
        hospitalId: c.hospital_id,
        externalUserId: c.external_user_id,
      })),
  }
}

/**
 * One group as the console shows it, with its current members and the
 * first page of its history.
 * @throws {NotFoundError} for a group that is unknown or out of scope
 */
export async function groupDetail(
  dataSource: DataSource,
  scope: ConsoleScope,
  chatId: string,
  historyPageSize: number,
): Promise<GroupDetail> {
  const { link, hospitalId, owner } = await groupInScope(
    dataSource,
    scope,
    chatId,
  )
  const { group, customer, pet } = link
  const members = await currentMembers(dataSource, chatId, group.ownerId)
  const rolesPresent = STAFF_ROLES.filter((role) =>
    members.some((m) => m.role === role),
  )
  return {
    group: {
      chatId,
      name: group.name,
      owner,
      hospitalId,
      notice: group.notice || null,
      createdAt: isoOf(group.createdAt),
      dismissed: group.dismissedAt != null,
      dismissedAt: isoOf(group.dismissedAt),
      memberCount: group.memberCount,
      parsedName:
        group.customerCode && group.petName && group.complaint
          ? {
              customerId: group.customerCode,
              petName: group.petName,
              complaint: group.complaint,
            }
          : null,
      nameProblem: asNameProblem(group.nameProblem),
      customer: customer && {
        id: customer.id,
        name: customer.name,
        hospitalId: customer.hospitalId,
      },
      pet: pet && { id: pet.id, name: pet.name, species: pet.species },
      rolesPresent,
      missingRoles: asRoles(group.missingRoles),
    },
    members,
    history: await readHistory(dataSource, chatId, 1, historyPageSize),
  }
}

/**
 * A page of a group's history, newest first.
 * @throws {NotFoundError} for a group that is unknown or out of scope
 */
export async function groupHistory(
  dataSource: DataSource,
  scope: ConsoleScope,
  chatId: string,
  page: number,
  pageSize: number,
): Promise<GroupHistoryPage> {
  await groupInScope(dataSource, scope, chatId)
  return readHistory(dataSource, chatId, page, pageSize)
}

async function groupInScope(
  dataSource: DataSource,
  scope: ConsoleScope,
  chatId: string,
) {
  const link = await findGroupRecordLink(dataSource, chatId)
  if (!link) {
    throw new NotFoundError('no such group in your scope')
  }
  const places = await memberPlaces(dataSource, scope)
  const ownerId = link.group.ownerId
  const hospitalId = groupHospital(ownerId, places)
  // Out of scope answers as a group that does not exist: a chat id alone
  // must not tell a store which groups other hospitals have.
  if (!scope.hasHospital(hospitalId)) {
    throw new NotFoundError('no such group in your scope')
  }
  const owner = ownerId
    ? { userId: ownerId, name: places.get(ownerId)?.name ?? ownerId }
    : null
  return { link, hospitalId, owner }
}

const ROLE_RANK = new Map<string, number>(STAFF_ROLES.map((r, i) => [r, i]))

async function currentMembers(
  dataSource: DataSource,
  chatId: string,
  ownerId: string | null,
): Promise<GroupMember[]> {
  const rows = await dataSource.query<
    (PersonColumns & {
      join_time: string | number
      join_scene: number | null
      invitor_id: string | null
      invitor_name: string | null
      role: StaffRoleName | null
    })[]
  >(
    `SELECT m.member_id, m.member_type, m.name, m.join_time, m.join_scene,
            m.invitor_id, s.name AS staff_name, s.role, c.name AS customer_name,
            i.name AS invitor_name
       FROM group_member m
       LEFT JOIN staff s ON s.user_id = m.member_id AND m.member_type = 1
       LEFT JOIN customer c
         ON c.external_user_id = m.member_id AND m.member_type = 2
       LEFT JOIN staff i ON i.user_id = m.invitor_id
      WHERE m.chat_id = ? AND m.left_at IS NULL`,
    [chatId],
  )
  const rank = (m: GroupMember) =>
    m.isOwner
      ? -1
      : m.type === 'member'
        ? (ROLE_RANK.get(m.role ?? '') ?? STAFF_ROLES.length)
        : STAFF_ROLES.length + 1
  return rows
    .map((r): GroupMember => ({
      id: r.member_id,
      type: Number(r.member_type) === 1 ? 'member' : 'customer',
      name: nameOf(r),
      role: Number(r.member_type) === 1 ? r.role : null,
      isOwner: r.member_id === ownerId,
      joinedAt: isoOf(r.join_time)!,
      joinScene: joinSceneOf(r.join_scene),
      invitor: r.invitor_id
        ? { userId: r.invitor_id, name: r.invitor_name ?? r.invitor_id }
        : null,
    }))
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.joinedAt.localeCompare(b.joinedAt) ||
        a.id.localeCompare(b.id),
    )
}

/**
 * Within one second, the order things happen in: created, members joining,
 * changes to the group, members leaving, dismissed. Newest first reverses
 * it.
 */
const STEP = {
  created: 1,
  joined: 2,
  changed: 3,
  left: 4,
  dismissed: 5,
}

/**
 * Every event of a group's life as one list: stays from `group_member`
 * (a join, and a leave once it ended), renames and owner and notice
 * changes from the stored callbacks, creation and dismissal from the group
 * (creation from its callback when the group was never read from WeCom).
 */
const HISTORY = `
  SELECT 'joined' AS kind, m.join_time AS at, ${STEP.joined} AS step, 0 AS seq,
         m.member_id, m.member_type, m.name, m.join_scene, m.invitor_id,
         NULL AS quit_scene
    FROM group_member m WHERE m.chat_id = ?
  UNION ALL
  SELECT 'left', m.left_at, ${STEP.left}, 0, m.member_id, m.member_type, m.name,
         NULL, NULL, COALESCE(m.quit_scene, 'estimated')
    FROM group_member m WHERE m.chat_id = ? AND m.left_at IS NOT NULL
  UNION ALL
  SELECT CASE e.update_detail WHEN 'change_name' THEN 'renamed'
           WHEN 'change_owner' THEN 'owner_changed' ELSE 'notice_changed' END,
         e.create_time, ${STEP.changed}, e.id, NULL, NULL, NULL, NULL, NULL, NULL
    FROM wecom_event e
   WHERE e.chat_id = ? AND e.event = 'change_external_chat'
     AND e.change_type = 'update'
     AND e.update_detail IN ('change_name', 'change_owner', 'change_notice')
  UNION ALL
  SELECT 'created', g.created_at, ${STEP.created}, 0, NULL, NULL, NULL, NULL,
         NULL, NULL
    FROM customer_group g WHERE g.chat_id = ? AND g.created_at IS NOT NULL
  UNION ALL
  SELECT 'created', x.at, ${STEP.created}, 0, NULL, NULL, NULL, NULL, NULL, NULL
    FROM (SELECT MIN(e.create_time) AS at FROM wecom_event e
           WHERE e.chat_id = ? AND e.event = 'change_external_chat'
             AND e.change_type = 'create') x
   WHERE x.at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customer_group g
           WHERE g.chat_id = ? AND g.created_at IS NOT NULL)
  UNION ALL
  SELECT 'dismissed', g.dismissed_at, ${STEP.dismissed}, 0, NULL, NULL, NULL,
         NULL, NULL, NULL
    FROM customer_group g WHERE g.chat_id = ? AND g.dismissed_at IS NOT NULL`
const HISTORY_PARAMS = 7

async function readHistory(
  dataSource: DataSource,
  chatId: string,
  page: number,
  pageSize: number,
): Promise<GroupHistoryPage> {
  const params = Array<string>(HISTORY_PARAMS).fill(chatId)
  const [[count], rows] = await Promise.all([
    dataSource.query<{ n: string | number }[]>(
      `SELECT COUNT(*) AS n FROM (${HISTORY}) h`,
      params,
    ),
    dataSource.query<
      (PersonColumns & {
        kind: GroupHistoryEntry['kind']
        at: string | number
        join_scene: number | null
        invitor_id: string | null
        invitor_name: string | null
        quit_scene: string | null
      })[]
    >(
      `SELECT h.*, s.name AS staff_name, c.name AS customer_name,
              i.name AS invitor_name
         FROM (${HISTORY}) h
         LEFT JOIN staff s ON s.user_id = h.member_id AND h.member_type = 1
         LEFT JOIN customer c
           ON c.external_user_id = h.member_id AND h.member_type = 2
         LEFT JOIN staff i ON i.user_id = h.invitor_id
        ORDER BY h.at DESC, h.step DESC, h.seq DESC, h.member_id
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    ),
  ])
  return {
    entries: rows.map((r) => ({
      kind: r.kind,
      at: isoOf(r.at)!,
      member: r.member_id
        ? {
            id: r.member_id,
            type: Number(r.member_type) === 1 ? 'member' : 'customer',
            name: nameOf(r),
          }
        : null,
      joinScene: r.kind === 'joined' ? joinSceneOf(r.join_scene) : null,
      invitor:
        r.kind === 'joined' && r.invitor_id
          ? { userId: r.invitor_id, name: r.invitor_name ?? r.invitor_id }
          : null,
      quitScene:
        r.quit_scene === '0' ? 'left' : r.quit_scene === '1' ? 'removed' : null,
      estimated: r.quit_scene === 'estimated',
    })),
    page,
    pageSize,
    total: Number(count!.n),
  }
}

/** The columns naming a person in a group, as the queries above read them. */
interface PersonColumns {
  member_id: string
  member_type: number | string
  /** The name WeCom's group list gave. */
  name: string | null
  staff_name: string | null
  customer_name: string | null
}

/** The directory's name first: WeCom's group list may lag behind it. */
function nameOf(r: PersonColumns): string | null {
  return r.staff_name ?? r.customer_name ?? r.name
}

/** groupchat/get's join_scene: 1 invited, 2 a link, 3 the QR code. */
function joinSceneOf(scene: number | null): GroupMember['joinScene'] {
  const byCode = { 1: 'invited', 2: 'link', 3: 'qr_code' } as const
  return byCode[Number(scene) as 1 | 2 | 3] ?? null
}

/** Unix seconds (a bigint column may come back as text) as ISO 8601. */
function isoOf(seconds: string | number | null): string | null {
  return seconds == null ? null : new Date(Number(seconds) * 1000).toISOString()
}
