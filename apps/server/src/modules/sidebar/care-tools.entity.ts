import { EntitySchema } from 'typeorm'

/**
 * A follow-up note a member wrote about a customer or a group's customer,
 * with an optional day to be reminded on. Done notes stay, with who closed
 * them.
 */
export interface FollowUpNoteRecord {
  id: string
  /** The hospital customer, when the chat has a record. */
  customerId: string | null
  externalUserId: string | null
  chatId: string | null
  petId: string | null
  authorUserId: string
  text: string
  remindOn: string | null
  doneAt: Date | null
  doneBy: string | null
  createdAt: Date
}

export const FollowUpNoteEntity = new EntitySchema<FollowUpNoteRecord>({
  name: 'FollowUpNote',
  tableName: 'follow_up_note',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    customerId: { type: 'varchar', length: 32, nullable: true },
    externalUserId: { type: 'varchar', length: 128, nullable: true },
    chatId: { type: 'varchar', length: 128, nullable: true },
    petId: { type: 'varchar', length: 32, nullable: true },
    authorUserId: { type: 'varchar', length: 128 },
    text: { type: 'text' },
    remindOn: { type: 'varchar', length: 10, nullable: true },
    doneAt: { type: 'datetime', precision: 3, nullable: true },
    doneBy: { type: 'varchar', length: 128, nullable: true },
    createdAt: { type: 'datetime', precision: 3 },
  },
})

/**
 * A prepared message: head office's for everyone, a region's for its
 * hospitals, or a member's own.
 */
export interface QuickReplyRecord {
  id: string
  scope: 'head_office' | 'region' | 'personal'
  regionId: string | null
  ownerUserId: string | null
  category: string
  title: string
  kind: 'text' | 'link' | 'image'
  /** The text, with `{{variables}}`; for a link, its description. */
  content: string
  /** `{url, title, desc, imgUrl}` for a link card. */
  linkJson: string | null
  imageUrl: string | null
  /**
   * The WeCom media id of the image, once uploaded, and when it stops
   * working (3 days after the upload). Optional: rows written before the
   * column, or by code that never uploads, have none.
   */
  mediaId?: string | null
  mediaExpiresAt?: Date | null
  sortOrder: number
  createdBy: string | null
  createdAt: Date
  updatedAt: Date
  deletedAt: Date | null
}

export const QuickReplyEntity = new EntitySchema<QuickReplyRecord>({
  name: 'QuickReply',
  tableName: 'quick_reply',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    scope: { type: 'varchar', length: 16 },
    regionId: { type: 'varchar', length: 32, nullable: true },
    ownerUserId: { type: 'varchar', length: 128, nullable: true },
    category: { type: 'varchar', length: 32 },
    title: { type: 'varchar', length: 64 },
    kind: { type: 'varchar', length: 8 },
    content: { type: 'text' },
    linkJson: { type: 'text', nullable: true },
    imageUrl: { type: 'varchar', length: 512, nullable: true },
    mediaId: { type: 'varchar', length: 128, nullable: true },
    mediaExpiresAt: { type: 'datetime', precision: 3, nullable: true },
    sortOrder: { type: 'int', default: 0 },
    createdBy: { type: 'varchar', length: 128, nullable: true },
    createdAt: { type: 'datetime', precision: 3 },
    updatedAt: { type: 'datetime', precision: 3 },
    deletedAt: { type: 'datetime', precision: 3, nullable: true },
  },
})

/** A region's changes to the base vaccine and deworming protocol. */
export interface CareProtocolOverrideRecord {
  regionId: string
  /** `ProtocolOverrides` of @petcare/domain, as JSON. */
  overridesJson: string
  updatedBy: string | null
  updatedAt: Date
}

export const CareProtocolOverrideEntity =
  new EntitySchema<CareProtocolOverrideRecord>({
    name: 'CareProtocolOverride',
    tableName: 'care_protocol_override',
    columns: {
      regionId: { type: 'varchar', length: 32, primary: true },
      overridesJson: { type: 'text' },
      updatedBy: { type: 'varchar', length: 128, nullable: true },
      updatedAt: { type: 'datetime', precision: 3 },
    },
  })
