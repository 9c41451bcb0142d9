import type {
  ConsoleMe,
  LibraryReply,
  QuickReplyInput,
  QuickReplyVariable,
} from '@petcare/shared'
import { splitTemplate } from '@petcare/web/template'
import { shiftDay } from '../../shared/week'

/** `GET /api/console/quick-replies`. */
export interface ReplyLibrary {
  replies: LibraryReply[]
  /** The variable names the sidebar fills, e.g. `customerName`. */
  variables: string[]
}

/**
 * What the preview fills the variables with: one made-up customer, her
 * cat, the hospital and the member, and a due date two weeks from today.
 */
export function sampleValues(
  today: string,
): Record<QuickReplyVariable, string> {
  return {
    customerName: '林晓雯',
    petName: '咪咪',
    hospital: '徐汇宠物医院',
    memberName: '张伟',
    dueDate: shiftDay(today, 14),
    vaccineName: '猫三联',
    vaccineDue: `将在 ${shiftDay(today, 14)} 到期`,
    vaccineDueDate: shiftDay(today, 14),
    rabiesDue: `将在 ${shiftDay(today, 30)} 到期`,
    rabiesDueDate: shiftDay(today, 30),
    dewormingDue: `已逾期 3 天（应在 ${shiftDay(today, -3)}）`,
    dewormingDueDate: shiftDay(today, -3),
  }
}

export type PreviewPart =
  | { kind: 'text'; text: string }
  | { kind: 'filled'; name: string; text: string }
  | { kind: 'unknown'; text: string }

/**
 * A reply as the customer would read it, the known variables filled with
 * sample values; a variable the sidebar does not know stays as typed, to
 * be marked, since it would reach the customer as `{{…}}`.
 */
export function previewParts(
  content: string,
  known: readonly string[],
  samples: Readonly<Record<string, string>>,
): PreviewPart[] {
  return splitTemplate(content).map((part) => {
    if (part.kind === 'text') return part
    const sample = known.includes(part.name) ? samples[part.name] : undefined
    return sample === undefined
      ? { kind: 'unknown', text: part.raw }
      : { kind: 'filled', name: part.name, text: sample }
  })
}

/** The `{{names}}` in a text the sidebar will not fill, each once. */
export function unknownVariables(
  content: string,
  known: readonly string[],
): string[] {
  const names = splitTemplate(content).flatMap((part) =>
    part.kind === 'variable' && !known.includes(part.name) ? [part.name] : [],
  )
  return [...new Set(names)]
}

/** `text` with `insert` put in place of the selection `start`–`end`. */
export function insertText(
  text: string,
  start: number,
  end: number,
  insert: string,
): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length))
  const to = Math.max(from, Math.min(end, text.length))
  return {
    text: text.slice(0, from) + insert + text.slice(to),
    caret: from + insert.length,
  }
}

// ------------------------------------------------------------------ editing

export interface ReplyDraft {
  scope: 'head_office' | 'region'
  regionId: string
  category: string
  title: string
  kind: 'text' | 'link' | 'image'
  /** The text; a link's description; an image's caption in the library. */
  content: string
  link: { url: string; title: string; desc: string; imgUrl: string }
  /** An image reply's picture: an http(s) URL or a path on this server. */
  imageUrl: string
}

/** The scopes a level may create replies for: a region admin only theirs. */
export function creatableScopes(
  level: ConsoleMe['level'],
): ReplyDraft['scope'][] {
  if (level === 'head_office') return ['head_office', 'region']
  if (level === 'region') return ['region']
  return []
}

/** A new reply: head office's for head office, the admin's region else. */
export function newDraft(me: ConsoleMe, category = ''): ReplyDraft {
  const regional = me.level !== 'head_office'
  return {
    scope: regional ? 'region' : 'head_office',
    regionId: regional ? (me.regions[0]?.id ?? '') : '',
    category,
    title: '',
    kind: 'text',
    content: '',
    link: { url: '', title: '', desc: '', imgUrl: '' },
    imageUrl: '',
  }
}

export function draftOf(reply: LibraryReply): ReplyDraft {
  return {
    scope: reply.scope === 'head_office' ? 'head_office' : 'region',
    regionId: reply.regionId ?? '',
    category: reply.category,
    title: reply.title,
    kind: reply.kind,
    content: reply.content,
    link: reply.link ?? { url: '', title: '', desc: '', imgUrl: '' },
    imageUrl: reply.imageUrl ?? '',
  }
}

export type DraftField =
  | 'regionId'
  | 'category'
  | 'title'
  | 'content'
  | 'url'
  | 'linkTitle'
  | 'desc'
  | 'imgUrl'
  | 'imageUrl'

export type DraftProblem =
  'required' | 'too_long' | 'not_http' | 'not_image_url'

/** The server's limits (console.router.ts), checked before it is asked. */
const LIMITS = {
  category: 32,
  title: 64,
  content: 2000,
  url: 512,
  linkTitle: 64,
  desc: 128,
  imgUrl: 512,
  imageUrl: 512,
} as const

const isHttp = (url: string) => {
  try {
    return /^https?:$/.test(new URL(url).protocol)
  } catch {
    return false
  }
}

/** What the server fetches an image from: http(s), or a path it serves. */
const isImageUrl = (url: string) =>
  !url.includes('\\') &&
  ((isHttp(url) && !/\s/.test(url)) || /^\/(?!\/)\S*$/.test(url))

/** What is wrong with a draft, field by field; empty when it may be saved. */
export function draftProblems(
  d: ReplyDraft,
): Partial<Record<DraftField, DraftProblem>> {
  const out: Partial<Record<DraftField, DraftProblem>> = {}
  const check = (field: keyof typeof LIMITS, value: string) => {
    const text = value.trim()
    if (text === '') out[field] = 'required'
    else if ([...text].length > LIMITS[field]) out[field] = 'too_long'
  }
  if (d.scope === 'region' && !d.regionId) out.regionId = 'required'
  check('category', d.category)
  check('title', d.title)
  check('content', d.content)
  if (d.kind === 'link') {
    check('url', d.link.url)
    check('linkTitle', d.link.title)
    check('desc', d.link.desc)
    check('imgUrl', d.link.imgUrl)
    if (!out.url && !isHttp(d.link.url.trim())) out.url = 'not_http'
    if (!out.imgUrl && !isHttp(d.link.imgUrl.trim())) out.imgUrl = 'not_http'
  }
  if (d.kind === 'image') {
    check('imageUrl', d.imageUrl)
    if (!out.imageUrl && !isImageUrl(d.imageUrl.trim())) {
      out.imageUrl = 'not_image_url'
    }
  }
  return out
}

/**
 * The request body for a draft, trimmed; the link only for a link reply,
 * the image's URL only for an image reply.
 */
export function inputOf(d: ReplyDraft): QuickReplyInput {
  return {
    scope: d.scope,
    ...(d.scope === 'region' ? { regionId: d.regionId } : {}),
    category: d.category.trim(),
    title: d.title.trim(),
    kind: d.kind,
    content: d.content.trim(),
    ...(d.kind === 'link'
      ? {
          link: {
            url: d.link.url.trim(),
            title: d.link.title.trim(),
            desc: d.link.desc.trim(),
            imgUrl: d.link.imgUrl.trim(),
          },
        }
      : {}),
    ...(d.kind === 'image' ? { imageUrl: d.imageUrl.trim() } : {}),
  }
}

// ------------------------------------------------------------------ listing

export interface LibraryFilters {
  category: string | null
  scope: LibraryReply['scope'] | null
  search: string
}

export const NO_LIBRARY_FILTERS: LibraryFilters = {
  category: null,
  scope: null,
  search: '',
}

/** The categories in use, most replies first, then by name. */
export function categoriesOf(
  replies: readonly LibraryReply[],
): { name: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const r of replies)
    counts.set(r.category, (counts.get(r.category) ?? 0) + 1)
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'))
}

/**
 * The category chips: every category in use (most replies first), each
 * with the replies the other filters (scope, text) leave in it, and the
 * same for all categories, so a chip's number is what the list would show.
 */
export function categoryChips(
  replies: readonly LibraryReply[],
  f: LibraryFilters,
): { all: number; categories: { name: string; count: number }[] } {
  const matching = categoriesOf(
    filterReplies(replies, { ...f, category: null }),
  )
  const countOf = (name: string) =>
    matching.find((c) => c.name === name)?.count ?? 0
  return {
    all: matching.reduce((sum, c) => sum + c.count, 0),
    categories: categoriesOf(replies).map((c) => ({
      name: c.name,
      count: countOf(c.name),
    })),
  }
}

export function filterReplies(
  replies: readonly LibraryReply[],
  f: LibraryFilters,
): LibraryReply[] {
  const q = f.search.trim().toLowerCase()
  return replies.filter(
    (r) =>
      (f.category === null || r.category === f.category) &&
      (f.scope === null || r.scope === f.scope) &&
      (q === '' ||
        r.title.toLowerCase().includes(q) ||
        r.content.toLowerCase().includes(q)),
  )
}
