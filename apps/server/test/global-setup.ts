import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { createConnection } from 'mysql2/promise'

/** The MariaDB/MySQL server the persistence suite also runs on. */
export const DEFAULT_TEST_MYSQL_URL = 'mysql://root@127.0.0.1:3306/test'

/**
 * Probes the MySQL test server once per run. Outside CI a missing server
 * skips the MySQL half of the suite with a notice; in CI it is an error.
 */
/** The Redis the token-store tests use. */
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379/15'

async function probeRedis(): Promise<void> {
  const url = process.env.TEST_REDIS_URL ?? DEFAULT_TEST_REDIS_URL
  process.env.TEST_REDIS_URL = url
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  try {
    await redis.connect()
    await redis.ping()
    process.env.TEST_REDIS_AVAILABLE = 'true'
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`Redis test server at ${url} is required in CI`, {
        cause: error,
      })
    }
    process.env.TEST_REDIS_AVAILABLE = 'false'
    process.stderr.write(
      `\nNOTICE: no Redis answers at ${url}; the Redis token-store tests are skipped.\n\n`,
    )
  } finally {
    redis.disconnect()
  }
}

export default async function globalSetup(): Promise<void> {
  await probeRedis()
  // Jest writes its JSON results here, and the browser tests screenshots.
  mkdirSync(join(__dirname, '../../../test-artifacts'), { recursive: true })

  const url = process.env.TEST_MYSQL_URL ?? DEFAULT_TEST_MYSQL_URL
  process.env.TEST_MYSQL_URL = url
  try {
    const connection = await createConnection({
      uri: url,
      connectTimeout: 3000,
    })
    await connection.end()
    process.env.TEST_MYSQL_AVAILABLE = 'true'
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`MySQL test server at ${url} is required in CI`, {
        cause: error,
      })
    }
    process.env.TEST_MYSQL_AVAILABLE = 'false'
    process.stderr.write(
      `\nNOTICE: no MySQL/MariaDB answers at ${url}; the MySQL suite is skipped. ` +
        'Set TEST_MYSQL_URL or start MariaDB to run it.\n\n',
    )
  }
}
