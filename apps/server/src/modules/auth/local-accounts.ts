import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import type { DataSource } from 'typeorm'
import { LocalAccountEntity } from '../console/console.entity'

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>

/** scrypt's cost: about 50 ms a guess here, 16 MiB of memory. */
const COST = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }

/** `scrypt$<salt>$<key>` for a password; Node's own scrypt, no library. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(password, salt, 32, COST)
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`
}

export async function verifyPassword(
  password: string,
  stored: string,
): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) {
    return false
  }
  const expected = Buffer.from(key, 'base64url')
  const actual = await scryptAsync(
    password,
    Buffer.from(salt, 'base64url'),
    expected.length,
    COST,
  )
  return timingSafeEqual(actual, expected)
}

/** A password hashed once, to spend the same time on unknown usernames. */
let decoy: Promise<string> | null = null

/**
 * Checks a username and password; null when either is wrong (the same time
 * is spent either way, so a wrong username is not told apart).
 */
export async function checkLocalLogin(
  dataSource: DataSource,
  username: string,
  password: string,
): Promise<string | null> {
  const accounts = dataSource.getRepository(LocalAccountEntity)
  const account = await accounts.findOneBy({ username })
  decoy ??= hashPassword(randomBytes(16).toString('hex'))
  const ok = await verifyPassword(
    password,
    account?.passwordHash ?? (await decoy),
  )
  if (!account || !ok) {
    return null
  }
  await accounts.update({ username }, { lastLoginAt: new Date() })
  return account.username
}

/** Creates or replaces a local account's password. */
export async function setLocalAccount(
  dataSource: DataSource,
  username: string,
  password: string,
  name = '本地管理员',
): Promise<void> {
  await dataSource.getRepository(LocalAccountEntity).upsert(
    {
      username,
      passwordHash: await hashPassword(password),
      name,
      createdAt: new Date(),
      lastLoginAt: null,
    },
    ['username'],
  )
}

/**
 * The first local account, `admin`, when there is none yet: with the
 * configured initial password, or in the demo with `petcare-demo`.
 * @returns whether one was created
 */
export async function ensureInitialAdmin(
  dataSource: DataSource,
  password: string | null,
): Promise<boolean> {
  if (!password) {
    return false
  }
  if ((await dataSource.getRepository(LocalAccountEntity).count()) > 0) {
    return false
  }
  await setLocalAccount(dataSource, 'admin', password)
  return true
}

/** The demo's local admin password, printed in the README. */
export const DEMO_ADMIN_PASSWORD = 'petcare-demo'

/**
 * Counts attempts per key in a sliding window: after `limit` within
 * `windowMs`, further ones are refused until the oldest ages out. Used for
 * failed sign-ins (per username and per address) and for searches. Kept
 * in memory, so each server process counts alone.
 */
export class Throttle {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `keys` may try again; 0 when they may now. */
  retryAfter(keys: string[]): number {
    const now = this.now()
    let wait = 0
    for (const key of keys) {
      const recent = this.recent(key, now)
      if (recent.length >= this.limit) {
        wait = Math.max(wait, recent[0]! + this.windowMs - now)
      }
    }
    return Math.ceil(wait / 1000)
  }

  count(keys: string[]): void {
    const now = this.now()
    for (const key of keys) {
      this.failures.set(key, [...this.recent(key, now), now])
    }
  }

  clear(keys: string[]): void {
    for (const key of keys) {
      this.failures.delete(key)
    }
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter(
      (at) => now - at < this.windowMs,
    )
  }
}
