import type { WecomClient } from '@petcare/wecom'
import type { DataSource } from 'typeorm'
import { openWorkerDataSource } from '../../bootstrap'
import type { Config } from '../../config'
import { moduleLogger, type Logger } from '../../logger'
import { ContactSync } from '../customer/contact.sync'
import { DirectorySync } from '../directory/directory.sync'
import { GroupSync } from '../group/group.sync'
import { openWecomClient } from '../wecom-api/wecom-client'
import { EventHandlers } from './event-handlers'
import { EventQueue } from './event-queue'
import { EventWorker, type WorkerOptions } from './event-worker'
import { Resync } from './resync'
import { WelcomeSender } from './welcome'

/** Everything that reads WeCom's API and keeps the tables true. */
export interface WecomServices {
  client: WecomClient
  queue: EventQueue
  worker: EventWorker
  resync: Resync
  /** Stops the worker and closes the Redis connection, if any. */
  close(): Promise<void>
}

/**
 * Opens the worker's own connection (see `openWorkerDataSource`) and builds
 * the services on it; null when no app secret is configured. `close` also
 * closes that connection.
 */
export async function openWecomServices(deps: {
  config: Config
  dataSource: DataSource
  logger: Logger
}): Promise<WecomServices | null> {
  if (!deps.config.wecom.secret) {
    return null
  }
  const workerDataSource = await openWorkerDataSource(
    deps.config.database,
    deps.dataSource,
  )
  const services = createWecomServices({
    ...deps,
    dataSource: workerDataSource,
  })!
  return {
    ...services,
    close: async () => {
      await services.close()
      if (workerDataSource !== deps.dataSource) {
        await workerDataSource.destroy()
      }
    },
  }
}

/**
 * Builds the API client, the syncs and the worker; null when no app secret
 * is configured, in which case events are stored but not applied.
 */
export function createWecomServices(deps: {
  config: Config
  dataSource: DataSource
  logger: Logger
  worker?: WorkerOptions
}): WecomServices | null {
  const { config, dataSource, logger } = deps
  if (!config.wecom.secret) {
    return null
  }
  const wecom = openWecomClient(config, dataSource)!
  const { client } = wecom
  const contacts = new ContactSync(dataSource, client)
  const directory = new DirectorySync(dataSource, client)
  const groups = new GroupSync(dataSource, client, directory)
  const welcome = new WelcomeSender(dataSource, client, config.welcome)
  const queue = new EventQueue(dataSource)
  const worker = new EventWorker(
    queue,
    new EventHandlers(contacts, groups, directory, welcome),
    moduleLogger(logger, 'worker'),
    deps.worker,
  )
  const resync = new Resync(
    dataSource,
    client,
    contacts,
    groups,
    directory,
    moduleLogger(logger, 'resync'),
  )
  return {
    client,
    queue,
    worker,
    resync,
    close: async () => {
      await worker.stop()
      wecom.close()
    },
  }
}
