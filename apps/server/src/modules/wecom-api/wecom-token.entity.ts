import { EntitySchema } from 'typeorm'

/** An access token or ticket shared by every server process. */
export interface WecomTokenRecord {
  key: string
  value: string
  expiresAt: Date
  updatedAt: Date
}

export const WecomTokenEntity = new EntitySchema<WecomTokenRecord>({
  name: 'WecomToken',
  tableName: 'wecom_token',
  columns: {
    key: { type: 'varchar', length: 128, primary: true },
    value: { type: 'varchar', length: 1024 },
    expiresAt: { type: 'datetime', precision: 3 },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})
