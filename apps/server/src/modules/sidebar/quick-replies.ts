import { randomUUID } from 'node:crypto'
import type { QuickReply, QuickReplyList, SidebarPet } from '@petcare/shared'
import { IsNull, type DataSource } from 'typeorm'
import { dialectOf, toSqliteDatetime } from '../../db/data-source'
import type { Principal } from '../auth/principal'
import { QuickReplyEntity, type QuickReplyRecord } from './care-tools.entity'

/** The values a chat fills a quick reply's `{{variables}}` with. */
export interface ReplyContext {
  customerName?: string
  petName?: string
  hospital?: string
  dueDate?: string
  memberName?: string
}

export const REPLY_VARIABLES = [
  'customerName',
  'petName',
  'hospital',
  'dueDate',
  'memberName',
] as const

/**
 * Fills `{{name}}` placeholders; unknown or empty ones stay as written and
 * are listed, so the member sees what to complete before sending.
 */
export function fillTemplate(
  template: string,
  values: ReplyContext,
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
        return value
      }
      missing.add(name)
      return whole
    },
  )
  return { text, missing: [...missing] }
}

/**
 * The next care date worth a reminder for a pet: the most urgent vaccine or
 * deworming line that is overdue, due or due soon.
 */
export function nextDueDate(pet: SidebarPet | undefined): string | undefined {
  if (!pet) {
    return undefined
  }
  const rank = { overdue: 0, due: 1, due_soon: 2 } as Record<string, number>
  return [...pet.vaccines, ...pet.deworming]
    .filter((line) => line.status in rank)
    .sort(
      (a, b) =>
        rank[a.status]! - rank[b.status]! ||
        a.nextDueOn.localeCompare(b.nextDueOn),
    )[0]?.nextDueOn
}

/**
 * The quick-reply library as one member sees it: head office's, their
 * region's and their own, by category.
 */
export class QuickReplyLibrary {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    who: Principal,
    options: { q?: string; category?: string; context: ReplyContext },
  ): Promise<QuickReplyList> {
    const repo = this.dataSource.getRepository(QuickReplyEntity)
    const where = [
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
    const rows = await repo.find({
      where,
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
      .map((r) => present(r, options.context))
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
      [
        id,
        who.userId,
        dialectOf(this.dataSource) === 'mysql'
          ? new Date()
          : toSqliteDatetime(new Date()),
      ],
    )
    return true
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

function present(row: QuickReplyRecord, context: ReplyContext): QuickReply {
  const link = row.linkJson
    ? (JSON.parse(row.linkJson) as NonNullable<QuickReply['link']>)
    : null
  const filled = fillTemplate(row.content, context)
  return {
    id: row.id,
    scope: row.scope,
    category: row.category,
    title: row.title,
    kind: row.kind,
    content: row.content,
    filled: filled.text,
    missing: filled.missing,
    link: link && {
      ...link,
      title: fillTemplate(link.title, context).text,
      desc: fillTemplate(link.desc, context).text,
    },
    imageUrl: row.imageUrl,
  }
}
