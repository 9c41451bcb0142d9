/**
 * The fake console API's content routes: the quick-reply library (and,
 * as they land, customer moments and the vaccine protocol), with the
 * server's scope rules: head office edits head office's and every
 * region's replies, a region admin their region's, a store manager none;
 * members' own replies are read only.
 */
import type { LibraryReply, QuickReplyInput } from '@petcare/shared'
import { MEMBERS, type ConsoleUser } from './console-fake-data'
import {
  type FakeRequest,
  HttpError,
  invalid,
  noContent,
  NOT_MINE,
  text,
} from './console-fake-http'

const VARIABLES = [
  'customerName',
  'petName',
  'hospital',
  'dueDate',
  'memberName',
]

interface StoredReply extends Omit<LibraryReply, 'editable' | 'owner'> {
  ownerUserId: string | null
}

function initialReplies(): StoredReply[] {
  const base = {
    regionId: null,
    ownerUserId: null,
    link: null,
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

export interface ContentFake {
  handle(req: FakeRequest): unknown
  reset(): void
  /** Replies as stored, for tests to read. */
  readonly replies: StoredReply[]
}

export function createContentFake(): ContentFake {
  let replies = initialReplies()
  let nextId = 1

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
    if (b.kind !== 'text' && b.kind !== 'link') {
      throw invalid('kind: text or link')
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
    return NOT_MINE
  }

  return {
    handle,
    reset() {
      replies = initialReplies()
      nextId = 1
    },
    get replies() {
      return replies
    },
  }
}
