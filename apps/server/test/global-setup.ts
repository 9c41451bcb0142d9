import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createConnection } from 'mysql2/promise'

/** The MariaDB/MySQL server the persistence suite also runs on. */
export const DEFAULT_TEST_MYSQL_URL = 'mysql://root@127.0.0.1:3306/test'

/**
 * Probes the MySQL test server once per run. Outside CI a missing server
 * skips the MySQL half of the suite with a notice; in CI it is an error.
 */
export default async function globalSetup(): Promise<void> {
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
