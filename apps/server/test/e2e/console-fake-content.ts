/**
 * The fake console API's content routes: the quick-reply library (and,
 * as they land, customer moments and the vaccine protocol), with the
 * server's scope rules: head office edits head office's and every
 * region's replies, a region admin their region's, a store manager none;
 * members' own replies are read only.
 */
import {
  DEFAULT_PROTOCOL,
  mergeProtocol,
  type ProtocolOverrides,
} from '@petcare/domain'
import type {
  LibraryReply,
  MomentCalendar,
  MomentOwnerInfo,
  MomentPost,
  QuickReplyInput,
} from '@petcare/shared'
import {
  PROTOCOL_LIMITS,
  protocolErrors,
  protocolRangeErrors,
} from '../../src/modules/console/protocol'
import {
  FAKE_TODAY,
  HOSPITALS,
  MEMBERS,
  REGIONS,
  type ConsoleUser,
} from './console-fake-data'
import {
  type FakeRequest,
  HttpError,
  invalid,
  noContent,
  NOT_MINE,
  text,
} from './console-fake-http'
import { REPLY_VARIABLES } from '../../src/modules/sidebar/reply-variables'

// What the real server answers: the sidebar's own list.
const VARIABLES = REPLY_VARIABLES

interface StoredReply extends Omit<LibraryReply, 'editable' | 'owner'> {
  ownerUserId: string | null
}

function initialReplies(): StoredReply[] {
  const base = {
    regionId: null,
    ownerUserId: null,
    link: null,
    imageUrl: null,
    updatedAt: '2026-11-20T02:00:00.000Z',
  }
  return [
    {
      ...base,
      id: 'qr-vaccine',
      scope: 'head_office',
      category: '疫苗提醒',
      title: '疫苗到期提醒',
      kind: 'text',
      content:
        '{{customerName}}您好，{{petName}}的疫苗将在 {{dueDate}} 到期，按时加强免疫才能保持保护力。需要帮您预约{{hospital}}的接种时间吗？',
      uses30d: 86,
    },
    {
      ...base,
      id: 'qr-deworm',
      scope: 'head_office',
      category: '疫苗提醒',
      title: '驱虫提醒',
      kind: 'text',
      content:
        '{{customerName}}您好，{{petName}}的驱虫时间快到了（{{dueDate}}）。体内外驱虫可以一起做，到店大约 10 分钟。',
      uses30d: 41,
    },
    {
      ...base,
      id: 'qr-checkup',
      scope: 'head_office',
      category: '活动',
      title: '年度体检套餐',
      kind: 'link',
      content: '给{{petName}}做一次全面体检吧，老客户专享八折。',
      link: {
        url: 'https://care.example.com/checkup',
        title: '年度体检套餐',
        desc: '血常规、生化、B 超一次做完',
        imgUrl: 'https://care.example.com/checkup.png',
      },
      uses30d: 12,
    },
    {
      ...base,
      id: 'qr-map',
      scope: 'head_office',
      category: '到院指引',
      title: '停车示意图',
      kind: 'image',
      content: '到院停车示意图',
      // The sidebar's own picture, which the fake serves too.
      imageUrl: '/sidebar/quick-replies/vaccine-schedule.png',
      uses30d: 5,
    },
    {
      ...base,
      id: 'qr-east',
      scope: 'region',
      regionId: 'R-EAST',
      category: '活动',
      title: '华东冬季洗护',
      kind: 'text',
      content: '冬季洗护满 200 减 30，{{hospital}}本月可用。',
      uses30d: 9,
    },
    {
      ...base,
      id: 'qr-south',
      scope: 'region',
      regionId: 'R-SOUTH',
      category: '活动',
      title: '华南驱蚊季',
      kind: 'text',
      content: '天气湿热，记得给{{petName}}做体外驱虫。',
      uses30d: 3,
    },
    {
      ...base,
      id: 'qr-own',
      scope: 'personal',
      ownerUserId: 'ZhangWei',
      category: '问候',
      title: '术后问候',
      kind: 'text',
      content:
        '{{customerName}}您好，我是{{memberName}}，{{petName}}术后恢复得怎么样？',
      uses30d: 17,
    },
  ]
}

type StoredPost = Omit<MomentPost, 'editable' | 'ownerName'>

/** Week 2026-W50 around the fake's today, Wednesday 2026-12-09. */
function initialPosts(): StoredPost[] {
  const base = {
    link: null,
    jobId: null,
    momentId: null,
    error: null,
    createdBy: { userId: 'ZhouMin', name: '周敏' },
    createdAt: '2026-12-01T02:00:00.000Z',
    publishedAt: null,
  }
  return [
    {
      ...base,
      id: 'm-monday',
      day: '2026-12-07',
      owner: 'head_office',
      slot: 1,
      text: '入冬了，猫咪也会感冒：打喷嚏、流鼻涕要早点来看。',
      status: 'published',
      jobId: 'job-1',
      momentId: 'moment-1',
      publishedAt: '2026-12-07T02:10:00.000Z',
    },
    {
      ...base,
      id: 'm-today',
      day: '2026-12-09',
      owner: 'head_office',
      slot: 1,
      text: '年度体检八折，本周末前预约有效。',
      link: { title: '年度体检套餐', url: 'https://care.example.com/checkup' },
      status: 'planned',
    },
    {
      ...base,
      id: 'm-east',
      day: '2026-12-10',
      owner: 'R-EAST',
      slot: 1,
      text: '华东冬季洗护满 200 减 30。',
      status: 'planned',
      createdBy: { userId: 'LiNa', name: '李娜' },
    },
    {
      ...base,
      id: 'm-north',
      day: '2026-12-09',
      owner: 'R-NORTH',
      slot: 1,
      text: '北京朝阳院区新到一批猫砂，会员九折。',
      status: 'failed',
      error: '企业微信：发送范围内没有成员（errcode 41063）',
    },
  ]
}

export interface ContentFake {
  handle(req: FakeRequest): unknown
  reset(): void
  /** Replies as stored, for tests to read. */
  readonly replies: StoredReply[]
  /** Moment posts as stored, for tests to read. */
  readonly posts: StoredPost[]
  /** What WeCom says to the next publishes: a task, or this error. */
  momentRefusal: string | null
  /** Each region's protocol overrides as saved, by region id. */
  readonly protocols: Map<string, StoredProtocol>
}

interface StoredProtocol {
  overrides: ProtocolOverrides
  updatedBy: string
  updatedAt: string
}

/** 华南, humid, worms adult dogs monthly: its admin set it. */
function initialProtocols(): Map<string, StoredProtocol> {
  return new Map([
    [
      'R-SOUTH',
      {
        overrides: {
          region: '华南大区',
          deworming: { 'dog-internal': { adultIntervalMonths: 1 } },
        },
        updatedBy: 'ChenGang',
        updatedAt: '2026-11-28T06:30:00.000Z',
      },
    ],
  ])
}

/** A member's name, or the local admin's for `local:admin`. */
function nameOf(userId: string): string {
  if (userId === 'local:admin') return '系统管理员'
  return MEMBERS.find((m) => m.userId === userId)?.name ?? userId
}

export function createContentFake(): ContentFake {
  let replies = initialReplies()
  let nextId = 1
  let posts = initialPosts()
  let momentRefusal: string | null = null
  let protocols = initialProtocols()

  const memberHospital = (userId: string | null) =>
    MEMBERS.find((m) => m.userId === userId)?.hospitalId ?? null

  function visible(user: ConsoleUser, r: StoredReply): boolean {
    if (r.scope === 'head_office') return true
    if (r.scope === 'region') return user.regionIds.includes(r.regionId ?? '')
    const hospital = memberHospital(r.ownerUserId)
    return hospital !== null && user.hospitalIds.includes(hospital)
  }

  function mayEdit(
    user: ConsoleUser,
    r: Pick<StoredReply, 'scope' | 'regionId'>,
  ): boolean {
    if (r.scope === 'personal') return false
    if (user.level === 'head_office') return true
    return (
      user.level === 'region' &&
      r.scope === 'region' &&
      user.regionIds.includes(r.regionId ?? '')
    )
  }

  function present(user: ConsoleUser, r: StoredReply): LibraryReply {
    const { ownerUserId, ...rest } = r
    const owner = MEMBERS.find((m) => m.userId === ownerUserId)
    return {
      ...rest,
      owner: owner ? { userId: owner.userId, name: owner.name } : null,
      editable: mayEdit(user, r),
    }
  }

  function readInput(body: unknown): QuickReplyInput {
    const b = (body ?? {}) as Record<string, unknown>
    if (b.scope !== 'head_office' && b.scope !== 'region') {
      throw invalid('scope: head_office or region')
    }
    if (b.kind !== 'text' && b.kind !== 'link' && b.kind !== 'image') {
      throw invalid('kind: text, link or image')
    }
    const input: QuickReplyInput = {
      scope: b.scope,
      category: text(b.category, 'category', 32),
      title: text(b.title, 'title', 64),
      kind: b.kind,
      content: text(b.content, 'content', 2000),
    }
    if (b.scope === 'region') {
      if (typeof b.regionId !== 'string' || !b.regionId) {
        throw invalid('a regional reply needs regionId')
      }
      input.regionId = b.regionId
    }
    if (b.kind === 'link') {
      const l = (b.link ?? null) as Record<string, unknown> | null
      if (!l) throw invalid('a link reply needs link')
      const http = (v: unknown, field: string) => {
        const s = text(v, field, 512)
        if (!/^https?:\/\//.test(s)) throw invalid(`${field}: http(s) only`)
        return s
      }
      input.link = {
        url: http(l.url, 'link.url'),
        title: text(l.title, 'link.title', 64),
        desc: typeof l.desc === 'string' ? l.desc.trim().slice(0, 128) : '',
        imgUrl: http(l.imgUrl, 'link.imgUrl'),
      }
    }
    if (b.kind === 'image') {
      const url = text(b.imageUrl, 'imageUrl', 512)
      if (
        url.includes('\\') ||
        (!/^https?:\/\/\S+$/.test(url) && !/^\/(?!\/)\S*$/.test(url))
      ) {
        throw invalid('imageUrl: an http(s) URL or a path on this server')
      }
      input.imageUrl = url
    }
    return input
  }

  function stored(input: QuickReplyInput, id: string, uses: number) {
    return {
      id,
      scope: input.scope,
      regionId: input.scope === 'region' ? input.regionId! : null,
      ownerUserId: null,
      category: input.category,
      title: input.title,
      kind: input.kind,
      content: input.content,
      link: input.kind === 'link' ? input.link! : null,
      imageUrl: input.kind === 'image' ? input.imageUrl! : null,
      uses30d: uses,
      updatedAt: new Date().toISOString(),
    } satisfies StoredReply
  }

  function requireEdit(
    user: ConsoleUser,
    r: Pick<StoredReply, 'scope' | 'regionId'>,
  ) {
    if (!mayEdit(user, r)) {
      throw new HttpError(
        403,
        'NOT_IN_SCOPE',
        'you may not edit this quick reply',
      )
    }
  }

  function find(id: string): StoredReply {
    const r = replies.find((x) => x.id === id)
    if (!r) throw new HttpError(404, 'NOT_FOUND', 'no such quick reply')
    return r
  }

  function handle(req: FakeRequest): unknown {
    const { method, path, user, body, res } = req
    const base = '/api/console/quick-replies'
    if (path === base && method === 'GET') {
      return {
        replies: replies
          .filter((r) => visible(user, r))
          .map((r) => present(user, r)),
        variables: VARIABLES,
      }
    }
    if (path === base && method === 'POST') {
      const input = readInput(body)
      const row = stored(input, `qr-new-${nextId++}`, 0)
      requireEdit(user, row)
      replies.push(row)
      res.statusCode = 201
      return { id: row.id }
    }
    const m = /^\/api\/console\/quick-replies\/([^/]+)$/.exec(path)
    if (m && method === 'PUT') {
      const row = find(decodeURIComponent(m[1]!))
      requireEdit(user, row)
      const input = readInput(body)
      const next = stored(input, row.id, row.uses30d)
      requireEdit(user, next)
      replies = replies.map((r) => (r.id === row.id ? next : r))
      return noContent(res)
    }
    if (m && method === 'DELETE') {
      const row = find(decodeURIComponent(m[1]!))
      requireEdit(user, row)
      replies = replies.filter((r) => r.id !== row.id)
      return noContent(res)
    }
    if (path.startsWith('/api/console/moments')) return moments(req)
    const protocol = /^\/api\/console\/protocol\/([^/]+)$/.exec(path)
    if (protocol) return protocolRoute(req, decodeURIComponent(protocol[1]!))
    return NOT_MINE
  }

  // ------------------------------------------------------------- protocol

  /** The server's rules, with @petcare/domain's merge and the server's limits. */
  function protocolRoute(req: FakeRequest, regionId: string): unknown {
    const { method, user, body, res } = req
    if (!regionsOf(user).some((r) => r.id === regionId)) {
      throw new HttpError(404, 'NOT_FOUND', 'no such region in your scope')
    }
    if (method === 'GET') {
      const row = protocols.get(regionId)
      const merged = row ? mergeProtocol(DEFAULT_PROTOCOL, row.overrides) : null
      return {
        regionId,
        overrides: row?.overrides ?? null,
        protocol: merged?.ok ? merged.protocol : DEFAULT_PROTOCOL,
        limits: PROTOCOL_LIMITS,
        updatedBy: row?.updatedBy ?? null,
        updatedByName: row ? nameOf(row.updatedBy) : null,
        updatedAt: row?.updatedAt ?? null,
      }
    }
    if (method !== 'PUT' && method !== 'DELETE') return NOT_MINE
    if (user.level === 'store') {
      throw new HttpError(403, 'NOT_IN_SCOPE', 'head office or region admins')
    }
    if (method === 'DELETE') {
      protocols.delete(regionId)
      return noContent(res)
    }
    const b = (body ?? {}) as Record<string, unknown>
    if (typeof b.region !== 'string' || !b.region.trim()) {
      throw invalid('region: 1–32 characters')
    }
    const overrides = b as unknown as ProtocolOverrides
    const merged = mergeProtocol(DEFAULT_PROTOCOL, overrides)
    const ranges = protocolRangeErrors(overrides)
    if (!merged.ok || ranges.length > 0) {
      throw invalid('the protocol changes do not hold', {
        errors: protocolErrors(ranges, merged.ok ? [] : merged.errors),
      })
    }
    protocols.set(regionId, {
      overrides,
      updatedBy: user.local ? `local:${user.userId}` : user.userId,
      updatedAt: new Date().toISOString(),
    })
    return noContent(res)
  }

  // -------------------------------------------------------------- moments

  const HEAD_OFFICE = 'head_office'
  const limitOf = (owner: string) => (owner === HEAD_OFFICE ? 2 : 1)

  /** A store manager sees their hospital's region. */
  const regionsOf = (user: ConsoleUser) =>
    REGIONS.filter(
      (r) =>
        user.regionIds.includes(r.id) ||
        HOSPITALS.some(
          (h) => h.regionId === r.id && user.hospitalIds.includes(h.id),
        ),
    )

  function owners(user: ConsoleUser): MomentOwnerInfo[] {
    const may = (id: string) =>
      user.level === 'head_office' ||
      (user.level === 'region' && id !== HEAD_OFFICE)
    return [{ id: HEAD_OFFICE, name: '总部' }, ...regionsOf(user)].map((o) => ({
      ...o,
      dailyLimit: limitOf(o.id),
      plannable: may(o.id),
    }))
  }

  function presentPost(user: ConsoleUser, p: StoredPost): MomentPost {
    const owner = owners(user).find((o) => o.id === p.owner)
    return {
      ...p,
      ownerName: owner?.name ?? p.owner,
      editable:
        (owner?.plannable ?? false) &&
        (p.status === 'planned' || p.status === 'failed'),
    }
  }

  function requirePlanner(user: ConsoleUser, owner: string): void {
    const o = owners(user).find((x) => x.id === owner)
    if (!o) throw new HttpError(404, 'NOT_FOUND', 'no such region')
    if (!o.plannable) {
      throw new HttpError(403, 'NOT_IN_SCOPE', 'you may not plan these posts')
    }
  }

  function findPost(user: ConsoleUser, id: string): StoredPost {
    const p = posts.find((x) => x.id === id)
    if (!p || !owners(user).some((o) => o.id === p.owner)) {
      throw new HttpError(404, 'NOT_FOUND', 'no such post')
    }
    return p
  }

  function openPost(user: ConsoleUser, id: string): StoredPost {
    const p = findPost(user, id)
    requirePlanner(user, p.owner)
    if (p.status !== 'planned' && p.status !== 'failed') {
      throw new HttpError(409, 'MOMENT_LOCKED', 'the post is with WeCom')
    }
    return p
  }

  function freeSlot(owner: string, day: string, except?: string): number {
    const taken = posts
      .filter((p) => p.owner === owner && p.day === day && p.id !== except)
      .map((p) => p.slot)
    for (let slot = 1; slot <= limitOf(owner); slot++) {
      if (!taken.includes(slot)) return slot
    }
    throw new HttpError(409, 'MOMENT_QUOTA_FULL', `no slot left on ${day}`)
  }

  function readPost(body: unknown) {
    const b = (body ?? {}) as Record<string, unknown>
    const day = typeof b.day === 'string' ? b.day : ''
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw invalid('day: YYYY-MM-DD')
    if (day < FAKE_TODAY) {
      throw new HttpError(400, 'MOMENT_DAY_PAST', `${day} has gone by`)
    }
    const l = (b.link ?? null) as Record<string, unknown> | null
    const link = l
      ? {
          title: text(l.title, 'link.title', 64),
          url: text(l.url, 'link.url', 512),
        }
      : null
    if (link && !/^https?:\/\//.test(link.url)) {
      throw invalid('link.url: http(s)')
    }
    return { day, text: text(b.text, 'text', 2000), link }
  }

  function moments(req: FakeRequest): unknown {
    const { method, path, url, user, body, res } = req
    const base = '/api/console/moments'
    if (path === base && method === 'GET') {
      const from = url.searchParams.get('from') ?? FAKE_TODAY
      const to = url.searchParams.get('to') ?? from
      const mine = owners(user)
      const days: string[] = []
      for (
        let t = Date.parse(`${from}T00:00:00Z`);
        t <= Date.parse(`${to}T00:00:00Z`);
        t += 86_400_000
      ) {
        days.push(new Date(t).toISOString().slice(0, 10))
      }
      const shown = posts.filter(
        (p) =>
          p.day >= from && p.day <= to && mine.some((o) => o.id === p.owner),
      )
      const calendar: MomentCalendar = {
        from,
        to,
        today: FAKE_TODAY,
        owners: mine,
        posts: shown.map((p) => presentPost(user, p)),
        quota: days.flatMap((day) =>
          mine.map((o) => ({
            day,
            owner: o.id,
            used: posts.filter((p) => p.day === day && p.owner === o.id).length,
            limit: o.dailyLimit,
          })),
        ),
      }
      return calendar
    }
    if (path === base && method === 'POST') {
      const b = (body ?? {}) as Record<string, unknown>
      const owner = typeof b.owner === 'string' ? b.owner : ''
      const input = readPost(body)
      requirePlanner(user, owner)
      const post: StoredPost = {
        id: `m-new-${nextId++}`,
        owner,
        slot: freeSlot(owner, input.day),
        ...input,
        status: 'planned',
        jobId: null,
        momentId: null,
        error: null,
        createdBy: {
          userId: user.local ? `local:${user.userId}` : user.userId,
          name: user.name,
        },
        createdAt: new Date().toISOString(),
        publishedAt: null,
      }
      posts.push(post)
      res.statusCode = 201
      return presentPost(user, post)
    }
    const m = /^\/api\/console\/moments\/([^/]+)(\/publish|\/refresh)?$/.exec(
      path,
    )
    if (!m) return NOT_MINE
    const id = decodeURIComponent(m[1]!)
    const replace = (next: StoredPost) => {
      posts = posts.map((p) => (p.id === next.id ? next : p))
      return presentPost(user, next)
    }
    if (!m[2] && method === 'PUT') {
      const p = openPost(user, id)
      const input = readPost(body)
      const slot =
        input.day === p.day ? p.slot : freeSlot(p.owner, input.day, p.id)
      return replace({ ...p, ...input, slot, status: 'planned', error: null })
    }
    if (!m[2] && method === 'DELETE') {
      openPost(user, id)
      posts = posts.filter((p) => p.id !== id)
      return noContent(res)
    }
    if (m[2] === '/publish' && method === 'POST') {
      const p = openPost(user, id)
      if (p.day !== FAKE_TODAY) {
        throw new HttpError(409, 'MOMENT_NOT_TODAY', 'publish on its own day')
      }
      return replace(
        momentRefusal
          ? { ...p, status: 'failed', error: momentRefusal }
          : { ...p, status: 'publishing', jobId: `job-${p.id}`, error: null },
      )
    }
    if (m[2] === '/refresh' && method === 'POST') {
      const p = findPost(user, id)
      if (p.status !== 'publishing') return presentPost(user, p)
      return replace({
        ...p,
        status: 'published',
        momentId: `moment-${p.id}`,
        publishedAt: new Date().toISOString(),
      })
    }
    return NOT_MINE
  }

  return {
    handle,
    reset() {
      replies = initialReplies()
      nextId = 1
      posts = initialPosts()
      momentRefusal = null
      protocols = initialProtocols()
    },
    get protocols() {
      return protocols
    },
    get replies() {
      return replies
    },
    get posts() {
      return posts
    },
    get momentRefusal() {
      return momentRefusal
    },
    set momentRefusal(value) {
      momentRefusal = value
    },
  }
}
