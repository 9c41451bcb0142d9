/**
 * The fake console API's customer routes: quiet groups and the wake-up
 * campaign, follow-ups, lost customers, and the log of mass messages
 * they send, scoped like the server (a member's hospital decides who sees
 * them; a group with no owner only head office). WeCom's side is played
 * here: YangLei's tasks are refused, and ZhouJie's leave wrQ07 out.
 */
import type {
  CareArticle,
  FollowUpsDue,
  LostReport,
  MassMessageLog,
  QuietGroups,
  WakeResult,
} from '@petcare/shared'
import {
  type ConsoleUser,
  FAKE_NOW,
  FAKE_TODAY,
  HOSPITALS,
  MEMBERS,
  noise,
} from './console-fake-data'
import {
  type FakeRequest,
  HttpError,
  invalid,
  NOT_MINE,
  text,
} from './console-fake-http'

type QuietGroup = QuietGroups['groups'][number]
type LoggedMessage = MassMessageLog['messages'][number]

const DAY = 86_400_000
/** WeCom refuses this member's tasks (not a valid sender, say). */
export const REFUSED_SENDER = 'YangLei'
/** WeCom takes ZhouJie's task but leaves this group out of it. */
export const LEFT_OUT_GROUP = 'wrQ07'

const member = (userId: string) => MEMBERS.find((m) => m.userId === userId)!

export function initialQuietGroups(): QuietGroup[] {
  const rows: [string, string, string | null, string | null, number][] = [
    ['wrQ01', 'C10031-豆豆-皮肤病', 'ZhangWei', '2026-07-02', 2],
    ['wrQ02', 'C10057-花花-绝育', 'ZhangWei', '2026-06-15', 1],
    ['wrQ03', 'C10110-球球-疫苗', 'WangFang', '2026-08-20', 3],
    ['wrQ04', 'C10140-咪咪-体检', 'ChenJing', null, 1],
    ['wrQ05', 'C10166-大黄-腹泻', 'YangLei', '2026-05-30', 2],
    ['wrQ06', 'C10201-年糕-呕吐', 'ZhouJie', '2026-08-01', 1],
    ['wrQ07', 'C10233-汤圆-洗牙', 'ZhouJie', '2026-04-12', 2],
    ['wrQ08', '天河老客户群', null, null, 14],
    ['wrQ09', 'C20034-可乐-骨折', 'MaChao', '2026-07-20', 1],
    ['wrQ10', 'C30041-旺财-耳炎', 'ZhengKai', '2026-03-03', 2],
  ]
  return rows.map(([chatId, name, owner, last, customerCount]) => ({
    chatId,
    name,
    owner: owner ? { userId: owner, name: member(owner).name } : null,
    hospitalId: owner ? member(owner).hospitalId : null,
    lastActivityAt: last ? `${last}T03:20:00.000Z` : null,
    customerCount,
  }))
}

function initialLog(): LoggedMessage[] {
  return [
    {
      id: 'mm-2',
      purpose: 'follow_up',
      chatType: 'single',
      sender: 'ChenJing',
      senderName: '陈静',
      targets: ['wmC10110', 'wmC10140'],
      text: '您好！距离上次就诊已经有一段时间了，毛孩子最近还好吗？',
      msgId: 'msgFU0001',
      failList: [],
      error: null,
      createdBy: 'ZhouMin',
      createdByName: '周敏',
      createdAt: '2026-12-02T06:30:00.000Z',
    },
    {
      id: 'mm-1',
      purpose: 'wake',
      chatType: 'group',
      sender: 'WangFang',
      senderName: '王芳',
      targets: ['wrOld01', 'wrOld02'],
      text: '秋季驱虫季，到店驱虫送一次免费洗护。',
      msgId: 'msgWK0001',
      failList: ['wrOld02'],
      error: null,
      createdBy: 'local:admin',
      createdByName: '系统管理员',
      createdAt: '2026-11-18T02:00:00.000Z',
    },
  ]
}

const ARTICLES: CareArticle[] = [
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

type DueMember = FollowUpsDue['members'][number]

/** Who each butler should follow up, visits 30–60 days before FAKE_TODAY. */
function followUps(): DueMember[] {
  const due = (
    customerId: string,
    customerName: string,
    lastVisitOn: string,
    petNames: string[],
  ) => ({
    externalUserId: `wm${customerId}`,
    customerId,
    customerName,
    lastVisitOn,
    petNames,
  })
  const care = (
    customerId: string,
    customerName: string,
    petName: string,
    flag: 'post_surgery' | 'chronic',
    sinceOn: string,
  ) => ({
    externalUserId: `wm${customerId}`,
    customerId,
    customerName,
    petId: `P${customerId.slice(1)}`,
    petName,
    flag,
    sinceOn,
    article: ARTICLES.find((a) => a.flag === flag)!,
  })
  const of = (userId: string) => ({
    userId,
    name: member(userId).name,
    hospitalId: member(userId).hospitalId,
  })
  return [
    {
      ...of('ZhangWei'),
      due: [
        due('C10031', '林晓雯', '2026-10-20', ['豆豆']),
        due('C10057', '赵先生', '2026-10-28', ['花花', '小黑']),
        due('C10077', '钱女士', '2026-11-06', []),
      ],
      care: [
        care('C10031', '林晓雯', '豆豆', 'post_surgery', '2026-11-25'),
        care('C10090', '孙阿姨', '团子', 'chronic', '2026-06-01'),
        care('C10093', '周先生', '可可', 'chronic', '2026-09-12'),
      ],
    },
    {
      ...of('ChenJing'),
      due: [
        due('C10110', '孙小姐', '2026-10-15', ['球球']),
        due('C10140', '钱先生', '2026-11-02', ['咪咪']),
      ],
      care: [care('C10166', '吴女士', '大黄', 'post_surgery', '2026-12-01')],
    },
    {
      ...of('WangFang'),
      due: [due('C10120', '郑女士', '2026-10-30', ['奶茶'])],
      care: [],
    },
    {
      ...of('MaChao'),
      due: [due('C20034', '黄女士', '2026-10-25', ['可乐'])],
      care: [],
    },
  ]
}

type Removal = LostReport['recent'][number]

/**
 * Follows ended since November, newest first: a few a day among the
 * butlers, and two bursts: ZhangWei removing 7 customers on 2026-12-03,
 * MaChao 6 on 2026-11-20.
 */
function removals(): Removal[] {
  const butlers = MEMBERS.filter((m) => m.role === 'butler')
  const out: Removal[] = []
  const start = Date.parse('2026-11-01T00:00:00+08:00')
  for (let day = 0; day <= 38; day++) {
    butlers.forEach((m, i) => {
      if (noise(m.userId, day) > 0.22) return
      const n = out.length
      out.push({
        userId: m.userId,
        memberName: m.name,
        externalUserId: `wmLost${String(n).padStart(4, '0')}`,
        customerName: noise(n, 'name') < 0.8 ? `客户${n}` : null,
        endedBy: noise(m.userId, day, 'by') < 0.35 ? 'member' : 'customer',
        at: new Date(
          start + day * DAY + (9 + (i % 9)) * 3_600_000,
        ).toISOString(),
      })
    })
  }
  const burst = (userId: string, day: string, count: number) => {
    for (let k = 0; k < count; k++) {
      out.push({
        userId,
        memberName: member(userId).name,
        externalUserId: `wmBurst${userId}${k}`,
        customerName: `批量客户${k + 1}`,
        endedBy: 'member',
        at: new Date(
          Date.parse(`${day}T15:00:00+08:00`) + k * 60_000,
        ).toISOString(),
      })
    }
  }
  burst('ZhangWei', '2026-12-03', 7)
  burst('MaChao', '2026-11-20', 6)
  // Head office's 周敏, in no hospital, let two customers go.
  burst('ZhouMin', '2026-11-25', 2)
  return out.sort((a, b) => b.at.localeCompare(a.at))
}

const chinaDayOf = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10)

export interface CustomersFake {
  handle(req: FakeRequest): unknown
  reset(): void
  /** Mass messages sent, newest first. */
  readonly log: LoggedMessage[]
}

export function createCustomersFake(): CustomersFake {
  let quiet = initialQuietGroups()
  let log = initialLog()
  let sends = 0

  const inScope = (user: ConsoleUser, hospitalId: string | null) =>
    user.level === 'head_office' ||
    (hospitalId !== null && user.hospitalIds.includes(hospitalId))

  /** One task through "WeCom", recorded like the server records it. */
  function createTask(
    user: ConsoleUser,
    task: {
      purpose: LoggedMessage['purpose']
      chatType: LoggedMessage['chatType']
      sender: string
      targets: string[]
      text: string
      articles?: { id: string; title: string }[]
    },
  ): WakeResult['tasks'][number] {
    const { articles = [], ...logged } = task
    sends += 1
    const refused = task.sender === REFUSED_SENDER
    const outcome = {
      msgId: refused ? null : `msgFake${String(sends).padStart(4, '0')}`,
      failList: refused
        ? []
        : task.targets.filter((id) => id === LEFT_OUT_GROUP),
      error: refused ? 'WeCom 41063: sender is not a valid member' : null,
    }
    log = [
      {
        id: `mm-new-${sends}`,
        ...logged,
        senderName: member(task.sender).name,
        ...outcome,
        createdBy: user.local ? `local:${user.userId}` : user.userId,
        createdByName: user.name,
        createdAt: new Date(FAKE_NOW.getTime() + sends * 60_000).toISOString(),
      },
      ...log,
    ]
    return {
      sender: task.sender,
      chatIds: task.targets,
      articles,
      ...outcome,
    }
  }

  function quietGroups(url: URL, user: ConsoleUser): QuietGroups {
    const days = Number(url.searchParams.get('days') ?? 90)
    if (!Number.isInteger(days) || days < 7 || days > 730) {
      throw invalid('days: 7–730')
    }
    const cutoff = Date.parse(`${FAKE_TODAY}T00:00:00+08:00`) - days * DAY
    return {
      days,
      groups: quiet.filter(
        (g) =>
          inScope(user, g.hospitalId) &&
          (g.lastActivityAt === null || Date.parse(g.lastActivityAt) < cutoff),
      ),
    }
  }

  function wake(body: unknown, user: ConsoleUser): WakeResult {
    const b = (body ?? {}) as { chatIds?: unknown; text?: unknown }
    const ids = Array.isArray(b.chatIds) ? [...new Set(b.chatIds)] : []
    if (ids.length < 1 || ids.length > 200) throw invalid('chatIds: 1–200')
    const message = text(b.text, 'text', 1000)
    const groups = ids.map((id) => quiet.find((g) => g.chatId === id))
    if (groups.some((g) => !g || !g.owner || !inScope(user, g.hospitalId))) {
      throw new HttpError(
        404,
        'NOT_FOUND',
        'some groups are not live groups in your scope',
      )
    }
    const byOwner = new Map<string, string[]>()
    for (const g of groups) {
      const owner = g!.owner!.userId
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), g!.chatId])
    }
    // A message sent to a group is activity: it is no longer quiet.
    quiet = quiet.map((g) =>
      ids.includes(g.chatId)
        ? { ...g, lastActivityAt: FAKE_NOW.toISOString() }
        : g,
    )
    return {
      tasks: [...byOwner].map(([sender, chatIds]) =>
        createTask(user, {
          purpose: 'wake',
          chatType: 'group',
          sender,
          targets: chatIds,
          text: message,
        }),
      ),
    }
  }

  function followUpsDue(url: URL, user: ConsoleUser): FollowUpsDue {
    const fromDays = Number(url.searchParams.get('fromDays') ?? 30)
    const toDays = Number(url.searchParams.get('toDays') ?? 60)
    const day = (n: number) => Number.isInteger(n) && n >= 1 && n <= 365
    if (!day(fromDays) || !day(toDays) || fromDays > toDays) {
      throw invalid('fromDays and toDays: 1–365, fromDays ≤ toDays')
    }
    const today = Date.parse(`${FAKE_TODAY}T00:00:00Z`)
    const inWindow = (on: string) => {
      const age = (today - Date.parse(`${on}T00:00:00Z`)) / DAY
      return age >= fromDays && age <= toDays
    }
    return {
      fromDays,
      toDays,
      members: followUps()
        .filter((m) => inScope(user, m.hospitalId))
        .map((m) => ({
          ...m,
          due: m.due.filter((d) => inWindow(d.lastVisitOn)),
        }))
        .filter((m) => m.due.length + m.care.length > 0),
    }
  }

  function sendFollowUp(body: unknown, user: ConsoleUser): WakeResult {
    const b = (body ?? {}) as Record<string, unknown>
    const ids = Array.isArray(b.externalUserIds)
      ? [...new Set(b.externalUserIds as string[])]
      : []
    if (ids.length < 1 || ids.length > 1000) {
      throw invalid('externalUserIds: 1–1000')
    }
    const message = text(b.text, 'text', 1000)
    // One article for everyone is refused, as the server refuses it.
    if (b.articleId !== undefined) {
      throw invalid('Unrecognized key: "articleId"')
    }
    const m = followUps().find((x) => x.userId === b.userId)
    const theirs = new Set([
      ...(m?.due.map((d) => d.externalUserId) ?? []),
      ...(m?.care.map((c) => c.externalUserId) ?? []),
    ])
    if (
      !m ||
      !inScope(user, m.hospitalId) ||
      ids.some((id) => !theirs.has(id))
    ) {
      throw new HttpError(
        404,
        'NOT_FOUND',
        'some customers are not followed by that member in your scope',
      )
    }
    // One task per set of articles the customers' own pets call for.
    const batches = new Map<
      string,
      { ids: string[]; articles: CareArticle[] }
    >()
    for (const id of ids) {
      const articles = b.withArticles
        ? ARTICLES.filter((a) =>
            m.care.some(
              (c) => c.externalUserId === id && c.article.id === a.id,
            ),
          )
        : []
      const key = articles.map((a) => a.id).join(',')
      const batch = batches.get(key) ?? { ids: [], articles }
      batch.ids.push(id)
      batches.set(key, batch)
    }
    return {
      tasks: [...batches.values()].map((batch) =>
        createTask(user, {
          purpose: 'follow_up',
          chatType: 'single',
          sender: m.userId,
          targets: batch.ids,
          text: message,
          articles: batch.articles.map((a) => ({ id: a.id, title: a.title })),
        }),
      ),
    }
  }

  function lost(url: URL, user: ConsoleUser): LostReport {
    const today = FAKE_TODAY
    const from =
      url.searchParams.get('from') ??
      new Date(Date.parse(`${today}T00:00:00Z`) - 29 * DAY)
        .toISOString()
        .slice(0, 10)
    const to = url.searchParams.get('to') ?? today
    const threshold = Number(url.searchParams.get('threshold') ?? 5)
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(from) ||
      !/^\d{4}-\d{2}-\d{2}$/.test(to) ||
      from > to ||
      !Number.isInteger(threshold) ||
      threshold < 1 ||
      threshold > 1000
    ) {
      throw invalid('from ≤ to (YYYY-MM-DD), threshold 1–1000')
    }
    const mine = removals().filter((r) => {
      const day = chinaDayOf(r.at)
      return (
        day >= from && day <= to && inScope(user, member(r.userId).hospitalId)
      )
    })
    const byMember = new Map<string, LostReport['byMember'][number]>()
    const daily = new Map<string, number>()
    for (const r of mine) {
      const entry = byMember.get(r.userId) ?? {
        userId: r.userId,
        name: r.memberName,
        hospitalId: member(r.userId).hospitalId,
        removedByMember: 0,
        removedByCustomer: 0,
      }
      if (r.endedBy === 'member') {
        entry.removedByMember += 1
        const key = `${r.userId}/${chinaDayOf(r.at)}`
        daily.set(key, (daily.get(key) ?? 0) + 1)
      } else {
        entry.removedByCustomer += 1
      }
      byMember.set(r.userId, entry)
    }
    const byHospital = new Map<string, LostReport['byHospital'][number]>()
    for (const m of byMember.values()) {
      const id = m.hospitalId ?? ''
      const entry = byHospital.get(id) ?? {
        id,
        name: HOSPITALS.find((h) => h.id === id)?.name ?? '未归属门店的成员',
        removedByMember: 0,
        removedByCustomer: 0,
      }
      entry.removedByMember += m.removedByMember
      entry.removedByCustomer += m.removedByCustomer
      byHospital.set(id, entry)
    }
    const loss = (x: { removedByMember: number; removedByCustomer: number }) =>
      x.removedByMember + x.removedByCustomer
    return {
      from,
      to,
      threshold,
      byMember: [...byMember.values()].sort((a, b) => loss(b) - loss(a)),
      // The row of members in no hospital last, as the server puts it.
      byHospital: [...byHospital.values()]
        .sort((a, b) => loss(b) - loss(a))
        .sort((a, b) => Number(a.id === '') - Number(b.id === '')),
      alerts: [...daily]
        .filter(([, n]) => n > threshold)
        .map(([key, removed]) => {
          const [userId, day] = key.split('/') as [string, string]
          return { userId, name: member(userId).name, day, removed }
        })
        .sort((a, b) => b.day.localeCompare(a.day) || b.removed - a.removed),
      recent: mine.slice(0, 100),
    }
  }

  function handle(req: FakeRequest): unknown {
    const { method, path, url, user, body } = req
    if (method === 'GET' && path === '/api/console/lost') {
      return lost(url, user)
    }
    if (method === 'GET' && path === '/api/console/follow-ups') {
      return followUpsDue(url, user)
    }
    if (method === 'POST' && path === '/api/console/follow-ups/send') {
      return sendFollowUp(body, user)
    }
    if (method === 'GET' && path === '/api/console/groups/quiet') {
      return quietGroups(url, user)
    }
    if (method === 'POST' && path === '/api/console/groups/wake') {
      return wake(body, user)
    }
    if (method === 'GET' && path === '/api/console/mass-messages') {
      const body: MassMessageLog = {
        messages: log.filter((m) => inScope(user, member(m.sender).hospitalId)),
      }
      return body
    }
    return NOT_MINE
  }

  return {
    handle,
    reset() {
      quiet = initialQuietGroups()
      log = initialLog()
      sends = 0
    },
    get log() {
      return log
    },
  }
}
