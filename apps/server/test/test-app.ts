import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { Writable } from 'node:stream'
import pino from 'pino'
import { loggerOptions } from '../src/logger'
import type { DataSource } from 'typeorm'
import { createApp } from '../src/app'
import { loadConfig, type Config, type DatabaseConfig } from '../src/config'
import { createDataSource, openDatabase } from '../src/db/data-source'
import {
  WecomEventEntity,
  type WecomEventRecord,
} from '../src/modules/wecom-callback/wecom-event.entity'

export interface TestAppOptions {
  database: DatabaseConfig
  /** WECOM_* and other variables; the demo corp when none is given. */
  env?: Record<string, string>
  now?: () => number
}

export interface TestApp {
  config: Config
  dataSource: DataSource
  url: string
  callbackUrl: string
  /** Every log line written so far, as text. */
  logs: () => string
  events: () => Promise<WecomEventRecord[]>
  close: () => Promise<void>
}

/** Starts the real app on a loopback port against a test database. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ...options.env,
  })
  config.database = options.database

  const lines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  const logger = pino(loggerOptions('info'), sink)

  const dataSource = createDataSource(options.database)
  await openDatabase(dataSource)
  const app = createApp({
    config,
    dataSource,
    logger,
    now: options.now,
  })
  const { koa, store } = app
  const server: Server = koa.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`

  return {
    config,
    dataSource,
    url,
    callbackUrl: `${url}/wecom/callback`,
    logs: () => lines.join(''),
    events: () =>
      dataSource.getRepository(WecomEventEntity).find({ order: { id: 'ASC' } }),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await store.flush()
      app.close()
      if (dataSource.isInitialized) {
        await dataSource.destroy()
      }
    },
  }
}
