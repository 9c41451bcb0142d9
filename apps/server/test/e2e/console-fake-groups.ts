/**
 * The fake console API's group routes: one group with its members and
 * history (`/api/console/groups/:chatId`, `/history`), and the member search
 * (`/api/console/members`). Every group the fake lists opens here (the
 * problem groups and the quiet ones), plus wrBig01, a group of 186 for
 * paging; a group belongs to its owner's hospital, and one out of scope is
 * a 404 like a group that does not exist.
 */
import type {
  ConsoleMemberList,
  GroupDetail,
  GroupHistoryEntry,
  GroupHistoryPage,
  GroupMember,
  GroupNameProblem,
  GroupRole,
} from '@petcare/shared'
import {
  type ConsoleUser,
  FAKE_NOW,
  groupProblems,
  HOSPITALS,
  MEMBERS,
  noise,
} from './console-fake-data'
import { initialQuietGroups } from './console-fake-customers'
import {
  type FakeRequest,
  HttpError,
  invalid,
  NOT_MINE,
} from './console-fake-http'

const DAY = 86_400_000
const REQUIRED: GroupRole[] = ['butler', 'front_desk', 'doctor', 'nurse']
const CUSTOMER_NAMES = [
  '刘女士',
  '赵先生',
  '孙小姐',
  '钱先生',
  '黄女士',
  '许先生',
  '吕女士',
  '蒋先生',
  '林晓雯',
  '豆豆妈',
]
/** Front desks are not among the fake's members; each hospital has one. */
const FRONT_DESKS = ['许静', '韩梅', '程琳', '丁悦', '白露', '范婷', '江雪']

interface Seed {
  chatId: string
  name: string
  ownerId: string | null
  hospitalId: string | null
  nameProblem: GroupNameProblem | null
  missingRoles: GroupRole[]
  memberCount: number
  notice: string | null
  createdAt: Date
  dismissedAt: Date | null
}

/** The big one, reachable by its address: a hospital's open group. */
export const BIG_GROUP = 'wrBig01'

function seeds(): Seed[] {
  const problems = groupProblems().groups.map((g): Seed => ({
    chatId: g.chatId,
    name: g.name,
    ownerId: g.owner?.userId ?? null,
    hospitalId: g.hospitalId,
    nameProblem: g.nameProblem,
    missingRoles: g.missingRoles,
    memberCount: g.memberCount,
    notice: noise(g.chatId, 'n') < 0.5 ? '复诊请提前一天在群里预约。' : null,
    createdAt: new Date(FAKE_NOW.getTime() - (20 + noise(g.chatId) * 90) * DAY),
    dismissedAt: null,
  }))
  const quiet = initialQuietGroups().map((g): Seed => ({
    chatId: g.chatId,
    name: g.name,
    ownerId: g.owner?.userId ?? null,
    hospitalId: g.hospitalId,
    nameProblem: /^C\d+-.+-.+$/.test(g.name) ? null : 'NO_CUSTOMER_ID',
    missingRoles: ['front_desk'],
    memberCount: g.customerCount + (g.owner ? 3 : 0),
    notice: null,
    createdAt: new Date('2026-02-10T02:00:00Z'),
    dismissedAt: null,
  }))
  const big: Seed = {
    chatId: BIG_GROUP,
    name: '静安店宠友交流群',
    ownerId: 'ZhangWei',
    hospitalId: 'H-SH-JA',
    nameProblem: 'NO_CUSTOMER_ID',
    missingRoles: [],
    memberCount: 186,
    notice: '欢迎各位家长！\n营业时间 9:00–21:00，急诊请直接致电门店。',
    createdAt: new Date('2026-03-01T01:30:00Z'),
    dismissedAt: null,
  }
  return [...problems, ...quiet, big]
}

/** The group's people now, and what happened to it, newest first. */
function build(seed: Seed): {
  detail: Omit<GroupDetail, 'history'>
  history: GroupHistoryEntry[]
} {
  const hospitalIndex = HOSPITALS.findIndex((h) => h.id === seed.hospitalId)
  const at = (offsetMs: number) =>
    new Date(seed.createdAt.getTime() + offsetMs).toISOString()
  const person = (userId: string) => MEMBERS.find((m) => m.userId === userId)!
  const owner = seed.ownerId ? person(seed.ownerId) : null

  const staff: GroupMember[] = []
  const add = (id: string, name: string, role: GroupMember['role']) =>
    staff.push({
      id,
      type: 'member',
      name,
      role,
      isOwner: id === seed.ownerId,
      joinedAt: at(0),
      joinScene: 'invited',
      invitor: owner && id !== owner.userId ? ownerRef(owner) : null,
    })
  if (owner) add(owner.userId, owner.name, owner.role)
  for (const role of REQUIRED) {
    if (seed.missingRoles.includes(role) || staff.some((m) => m.role === role))
      continue
    if (role === 'front_desk') {
      const name = FRONT_DESKS[Math.max(0, hospitalIndex) % FRONT_DESKS.length]!
      add(`FrontDesk${Math.max(0, hospitalIndex) + 1}`, name, 'front_desk')
      continue
    }
    const m = MEMBERS.find(
      (x) => x.hospitalId === seed.hospitalId && x.role === role,
    )
    if (m) add(m.userId, m.name, m.role)
  }

  const customers: GroupMember[] = Array.from(
    { length: Math.max(1, seed.memberCount - staff.length) },
    (_, i) => ({
      id: `wm${seed.chatId}C${String(i + 1).padStart(3, '0')}`,
      type: 'customer',
      name:
        i < CUSTOMER_NAMES.length
          ? CUSTOMER_NAMES[i]!
          : `${CUSTOMER_NAMES[i % CUSTOMER_NAMES.length]!}${Math.floor(i / CUSTOMER_NAMES.length) + 1}`,
      role: null,
      isOwner: false,
      // The first joins with the group; the others over the weeks after.
      joinedAt: at(i === 0 ? 0 : i * 7 * 3_600_000),
      joinScene: i % 5 === 4 ? 'qr_code' : 'invited',
      invitor: i % 5 === 4 || !owner ? null : ownerRef(owner),
    }),
  )
  const members = [...staff, ...customers]

  const entry = (
    kind: GroupHistoryEntry['kind'],
    atIso: string,
    patch: Partial<GroupHistoryEntry> = {},
  ): GroupHistoryEntry => ({
    kind,
    at: atIso,
    member: null,
    joinScene: null,
    invitor: null,
    quitScene: null,
    estimated: false,
    ...patch,
  })
  const history: GroupHistoryEntry[] = [
    entry('created', at(0)),
    ...members.map((m) =>
      entry('joined', m.joinedAt, {
        member: { id: m.id, type: m.type, name: m.name },
        joinScene: m.joinScene,
        invitor: m.invitor,
      }),
    ),
    entry('renamed', at(2 * DAY + 600_000)),
    // A doctor who was removed, and a customer who left unnoticed.
    entry('left', at(3 * DAY), {
      member: { id: 'DrLocum', type: 'member', name: '代班医生' },
      quitScene: 'removed',
    }),
    entry('left', at(5 * DAY + 1_800_000), {
      member: { id: `wm${seed.chatId}Gone`, type: 'customer', name: '王先生' },
      estimated: true,
    }),
  ]
  if (seed.notice) history.push(entry('notice_changed', at(DAY)))
  // Newest first; within a second, the group's creation comes last.
  const step = (e: GroupHistoryEntry) => (e.kind === 'created' ? 0 : 1)
  history.sort((a, b) => b.at.localeCompare(a.at) || step(b) - step(a))

  return {
    detail: {
      group: {
        chatId: seed.chatId,
        name: seed.name,
        owner: owner && ownerRef(owner),
        hospitalId: seed.hospitalId,
        notice: seed.notice,
        createdAt: seed.createdAt.toISOString(),
        dismissed: seed.dismissedAt !== null,
        dismissedAt: seed.dismissedAt?.toISOString() ?? null,
        memberCount: members.length,
        parsedName: parsedName(seed.name, seed.nameProblem),
        nameProblem: seed.nameProblem,
        customer: null,
        pet: null,
        rolesPresent: [...new Set(staff.map((m) => m.role!))],
        missingRoles: seed.missingRoles,
      },
      members,
    },
    history,
  }
}

const ownerRef = (m: { userId: string; name: string }) => ({
  userId: m.userId,
  name: m.name,
})

function parsedName(name: string, problem: GroupNameProblem | null) {
  if (problem) return null
  const [customerId, petName, ...rest] = name.split(/[\s-]+/)
  return {
    customerId: customerId!,
    petName: petName!,
    complaint: rest.join(' '),
  }
}

export interface GroupsFake {
  handle(req: FakeRequest): unknown
  reset(): void
}

export function createGroupsFake(): GroupsFake {
  const inScope = (user: ConsoleUser, hospitalId: string | null) =>
    user.level === 'head_office' ||
    (hospitalId !== null && user.hospitalIds.includes(hospitalId))

  function find(user: ConsoleUser, chatId: string) {
    const seed = seeds().find((s) => s.chatId === chatId)
    if (!seed || !inScope(user, seed.hospitalId)) {
      throw new HttpError(404, 'NOT_FOUND', 'no such group in your scope')
    }
    const built = build(seed)
    // The record behind a rule-following name, as the demo imports it.
    if (built.detail.group.parsedName) {
      const { customerId, petName } = built.detail.group.parsedName
      built.detail.group.customer = {
        id: customerId,
        name: '林晓雯',
        hospitalId: seed.hospitalId,
      }
      built.detail.group.pet = {
        id: `P${customerId.slice(1)}`,
        name: petName,
        species: 'cat',
      }
    }
    return built
  }

  function page(history: GroupHistoryEntry[], url: URL): GroupHistoryPage {
    const n = Number(url.searchParams.get('page') ?? 1)
    const size = Number(url.searchParams.get('pageSize') ?? 50)
    if (!Number.isInteger(n) || n < 1 || !Number.isInteger(size)) {
      throw invalid('page ≥ 1 and pageSize 1–100')
    }
    if (size < 1 || size > 100) throw invalid('pageSize 1–100')
    return {
      entries: history.slice((n - 1) * size, n * size),
      page: n,
      pageSize: size,
      total: history.length,
    }
  }

  function members(url: URL, user: ConsoleUser): ConsoleMemberList {
    const q = (url.searchParams.get('q') ?? '').trim().toLowerCase()
    const limit = Number(url.searchParams.get('limit') ?? 20)
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      throw invalid('limit 1–50')
    }
    return {
      members: MEMBERS.filter(
        (m) =>
          (user.level === 'head_office' ||
            (m.hospitalId !== null &&
              user.hospitalIds.includes(m.hospitalId))) &&
          (q === '' ||
            m.userId.toLowerCase().includes(q) ||
            m.name.includes(q)),
      )
        .slice(0, limit)
        .map((m) => {
          const h = HOSPITALS.find((x) => x.id === m.hospitalId)
          return {
            userId: m.userId,
            name: m.name,
            role: m.role,
            hospital: h ? { id: h.id, name: h.name } : null,
            // One who left, still in the audit.
            left: m.userId === 'PanYue',
          }
        }),
    }
  }

  return {
    handle({ method, path, url, user }) {
      if (method !== 'GET') return NOT_MINE
      if (path === '/api/console/members') return members(url, user)
      const match = /^\/api\/console\/groups\/([^/]+)(\/history)?$/.exec(path)
      if (!match || ['problems', 'quiet'].includes(match[1]!)) return NOT_MINE
      const { detail, history } = find(user, decodeURIComponent(match[1]!))
      if (match[2]) return page(history, url)
      return { ...detail, history: page(history, new URL('http://x/')) }
    },
    reset() {
      // Nothing to reset: each answer is built afresh from the seeds.
    },
  }
}
