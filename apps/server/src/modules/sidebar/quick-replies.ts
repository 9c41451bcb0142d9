import { randomUUID } from 'node:crypto'
import type { QuickReply, QuickReplyList } from '@petcare/shared'
import {
  WecomApiError,
  WecomNetworkError,
  type WecomClient,
} from '@petcare/wecom'
import { IsNull, type DataSource } from 'typeorm'
import { sqlTime } from '../../db/data-source'
import { AppError, NotFoundError, ValidationError } from '../../errors'
import type { Principal } from '../auth/principal'
import { QuickReplyEntity, type QuickReplyRecord } from './care-tools.entity'
import { ReplyImageError, type ReplyImageLoader } from './reply-image'
import type { ReplyContext } from './reply-variables'

/** A WeCom media id lasts 3 days from its upload. */
const MEDIA_LIFETIME_MS = 3 * 24 * 60 * 60 * 1000
/**
 * A cached media id is used only with more than this left, so a chat
 * message sent with it cannot outlive it mid-send.
 */
const MEDIA_MARGIN_MS = 60 * 60 * 1000

/** What sending an image reply needs besides the database. */
export interface ReplyMediaDeps {
  /** Null when no app secret is configured: images cannot be sent. */
  wecom: WecomClient | null
  images: ReplyImageLoader
  /** The clock, in ms; tests set it. */
  now?: () => number
}

/**
 * Fills `{{name}}` placeholders; unknown or empty ones stay as written and
 * are listed, so the member sees what to complete before sending. `encode`
 * writes a value into its place, e.g. `encodeURIComponent` in a URL.
 */
export function fillTemplate(
  template: string,
  values: ReplyContext,
  encode: (value: string) => string = (value) => value,
): { text: string; missing: string[] } {
  const missing = new Set<string>()
  const text = template.replace(
    /\{\{\s*(\w+)\s*\}\}/g,
    (whole, name: string) => {
      // Own keys only: `{{constructor}}` is a typo, not Object's constructor.
      const value = Object.hasOwn(values, name)
        ? values[name as keyof ReplyContext]
        : undefined
      if (value) {
        return encode(value)
      }
      missing.add(name)
      return whole
    },
  )
  return { text, missing: [...missing] }
}

/**
 * The quick-reply library as one member sees it: head office's, their
 * region's and their own, by category.
 */
export class QuickReplyLibrary {
  constructor(
    private readonly dataSource: DataSource,
    private readonly media: ReplyMediaDeps | null = null,
  ) {}

  /**
   * @param options.base where relative links and pictures are served from
   *   (`PUBLIC_URL`, else the request's origin): WeCom fetches a link
   *   card's picture itself, so it must get an absolute URL.
   */
  async list(
    who: Principal,
    options: {
      q?: string
      category?: string
      context: ReplyContext
      base?: string
    },
  ): Promise<QuickReplyList> {
    const repo = this.dataSource.getRepository(QuickReplyEntity)
    const rows = await repo.find({
      where: visibleTo(who),
      order: { sortOrder: 'ASC', createdAt: 'ASC' },
    })
    const categories = [...new Set(rows.map((r) => r.category))]
    const q = options.q?.trim().toLowerCase()
    const replies = rows
      .filter((r) => !options.category || r.category === options.category)
      .filter(
        (r) =>
          !q ||
          r.title.toLowerCase().includes(q) ||
          r.content.toLowerCase().includes(q),
      )
      .sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope])
      .map((r) => present(r, options.context, options.base))
    return { categories, replies }
  }

  /** A member's own quick reply. */
  async addPersonal(
    who: Principal,
    input: { category: string; title: string; content: string },
  ): Promise<QuickReplyRecord> {
    const now = new Date()
    const row: QuickReplyRecord = {
      id: randomUUID(),
      scope: 'personal',
      regionId: null,
      ownerUserId: who.userId,
      category: input.category,
      title: input.title,
      kind: 'text',
      content: input.content,
      linkJson: null,
      imageUrl: null,
      mediaId: null,
      mediaExpiresAt: null,
      sortOrder: 0,
      createdBy: who.userId,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    }
    await this.dataSource.getRepository(QuickReplyEntity).insert(row)
    return row
  }

  /**
   * Counts a send from the sidebar, for the library's usage figures; false
   * when the reply is not one the member can see.
   */
  async recordUse(who: Principal, id: string): Promise<boolean> {
    const visible = await this.list(who, { context: {} })
    if (!visible.replies.some((r) => r.id === id)) {
      return false
    }
    await this.dataSource.query(
      'INSERT INTO quick_reply_use (reply_id, user_id, used_at) VALUES (?, ?, ?)',
      [id, who.userId, sqlTime(this.dataSource, new Date())],
    )
    return true
  }

  /**
   * The WeCom media id to send an image reply with: the cached one while it
   * has more than an hour left, otherwise the image is read and uploaded
   * again (and cached for its 3 days).
   * @throws {NotFoundError} for a reply the member cannot see
   * @throws {ValidationError} for a reply that is not an image
   * @throws {AppError} 502 IMAGE_UNAVAILABLE when the image cannot be read,
   *   502 WECOM_API_FAILED when WeCom refuses it, 503 WECOM_UNAVAILABLE
   *   when WeCom cannot be reached or is not configured
   */
  async mediaFor(who: Principal, id: string): Promise<{ mediaId: string }> {
    const repo = this.dataSource.getRepository(QuickReplyEntity)
    const row = await repo.findOne({
      where: visibleTo(who).map((where) => ({ ...where, id })),
    })
    if (!row) {
      throw new NotFoundError('no such quick reply')
    }
    if (row.kind !== 'image' || !row.imageUrl) {
      throw new ValidationError('only an image reply is uploaded')
    }
    const now = this.media?.now?.() ?? Date.now()
    if (
      row.mediaId &&
      row.mediaExpiresAt &&
      row.mediaExpiresAt.getTime() - now > MEDIA_MARGIN_MS
    ) {
      return { mediaId: row.mediaId }
    }
    const { wecom, images } = this.requireMedia()

    let image
    try {
      image = await images.load(row.imageUrl)
    } catch (error) {
      if (error instanceof ReplyImageError) {
        throw new AppError(502, 'IMAGE_UNAVAILABLE', error.message, {
          cause: error,
          expose: true,
        })
      }
      throw error
    }
    let uploaded
    try {
      uploaded = await wecom.uploadImage(
        image.bytes,
        image.filename,
        image.contentType,
      )
    } catch (error) {
      if (error instanceof WecomNetworkError) {
        throw new AppError(503, 'WECOM_UNAVAILABLE', 'WeCom did not answer', {
          cause: error,
          expose: true,
        })
      }
      if (error instanceof WecomApiError) {
        throw new AppError(
          502,
          'WECOM_API_FAILED',
          `WeCom refused the image (${error.errcode})`,
          { cause: error, expose: true, details: { errcode: error.errcode } },
        )
      }
      throw error
    }
    // Two sends racing both upload; the later write wins, and both ids work.
    await repo.update(
      { id: row.id },
      {
        mediaId: uploaded.mediaId,
        mediaExpiresAt: new Date(
          uploaded.createdAt.getTime() + MEDIA_LIFETIME_MS,
        ),
      },
    )
    return { mediaId: uploaded.mediaId }
  }

  private requireMedia(): { wecom: WecomClient; images: ReplyImageLoader } {
    if (!this.media?.wecom) {
      throw new AppError(503, 'WECOM_UNAVAILABLE', 'WECOM_SECRET is not set', {
        expose: true,
      })
    }
    return { wecom: this.media.wecom, images: this.media.images }
  }

  /** Removes a member's own quick reply; false when it is not theirs. */
  async removePersonal(who: Principal, id: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(QuickReplyEntity)
      .update(
        { id, scope: 'personal', ownerUserId: who.userId, deletedAt: IsNull() },
        { deletedAt: new Date() },
      )
    return (result.affected ?? 0) > 0
  }
}

const SCOPE_ORDER = { personal: 0, region: 1, head_office: 2 } as const

/** The replies a member sees: head office's, their region's, their own. */
function visibleTo(who: Principal) {
  return [
    { scope: 'head_office' as const, deletedAt: IsNull() },
    {
      scope: 'personal' as const,
      ownerUserId: who.userId,
      deletedAt: IsNull(),
    },
    ...(who.region
      ? [
          {
            scope: 'region' as const,
            regionId: who.region.id,
            deletedAt: IsNull(),
          },
        ]
      : []),
  ]
}

function present(
  row: QuickReplyRecord,
  context: ReplyContext,
  base: string | undefined,
): QuickReply {
  const link = row.linkJson
    ? (JSON.parse(row.linkJson) as NonNullable<QuickReply['link']>)
    : null
  const text = fillTemplate(row.content, context)
  const card = link && {
    title: fillTemplate(link.title, context),
    desc: fillTemplate(link.desc, context),
    url: fillTemplate(link.url, context, encodeURIComponent),
  }
  // What reaches the customer: a text's words; a link's card (its text is
  // a note in the library); of an image only the picture.
  const sent =
    row.kind === 'text' ? [text] : card ? [card.title, card.desc, card.url] : []
  return {
    id: row.id,
    scope: row.scope,
    category: row.category,
    title: row.title,
    kind: row.kind,
    content: row.content,
    filled: text.text,
    missing: [...new Set(sent.flatMap((field) => field.missing))],
    link: card && {
      title: card.title.text,
      desc: card.desc.text,
      url: absolute(card.url.text, base),
      imgUrl: absolute(link!.imgUrl, base),
    },
    imageUrl: row.imageUrl,
  }
}

/** A path made absolute against `base`; a full http(s) URL as it is. */
function absolute(url: string, base: string | undefined): string {
  if (!base || /^https?:\/\//i.test(url)) {
    return url
  }
  try {
    return new URL(url, base).href
  } catch {
    return url
  }
}
