import { EntitySchema } from 'typeorm'

/** A region's target of new followers for one ISO week (`2026-W49`). */
export interface RegionTargetRecord {
  regionId: string
  week: string
  target: number
  updatedBy: string | null
  updatedAt: Date
}

export const RegionTargetEntity = new EntitySchema<RegionTargetRecord>({
  name: 'RegionTarget',
  tableName: 'region_target',
  columns: {
    regionId: { type: 'varchar', length: 32, primary: true },
    week: { type: 'varchar', length: 8, primary: true },
    target: { type: 'int' },
    updatedBy: { type: 'varchar', length: 128, nullable: true },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})

/**
 * A console account outside WeCom, for setting the console up before any
 * WeCom member can sign in. It sees what head office sees.
 */
export interface LocalAccountRecord {
  username: string
  /** `scrypt$<salt>$<hash>`, both base64url. */
  passwordHash: string
  name: string
  createdAt: Date
  lastLoginAt: Date | null
}

export const LocalAccountEntity = new EntitySchema<LocalAccountRecord>({
  name: 'LocalAccount',
  tableName: 'local_account',
  columns: {
    username: { type: 'varchar', length: 64, primary: true },
    passwordHash: { type: 'varchar', length: 255 },
    name: { type: 'varchar', length: 64 },
    createdAt: { type: 'datetime', precision: 3 },
    lastLoginAt: { type: 'datetime', precision: 3, nullable: true },
  },
})
