import type { ExternalContactEvent, WecomClient } from '@petcare/wecom'
import type { DataSource, Repository } from 'typeorm'
import { FollowEntity, type FollowRecord } from '../customer/follow.entity'

/** The welcome texts: one per channel (`state` prefix), and a default. */
export interface WelcomeMessages {
  default: string
  byChannel: Record<string, string>
}

/** WeCom's WelcomeCode lasts about 20 s; later, do not even try. */
const WELCOME_CODE_LIFETIME_S = 20

/**
 * Sends the welcome message an add event allows, and records on the follow
 * whether it went out and, if not, why.
 */
export class WelcomeSender {
  private readonly follows: Repository<FollowRecord>

  constructor(
    dataSource: DataSource,
    private readonly client: WecomClient,
    private readonly messages: WelcomeMessages,
    private readonly now: () => number = Date.now,
  ) {
    this.follows = dataSource.getRepository(FollowEntity)
  }

  /** Never throws: a welcome that cannot go out is recorded, not retried. */
  async send(event: ExternalContactEvent): Promise<void> {
    if (!event.welcomeCode) {
      return
    }
    const ageSeconds = this.now() / 1000 - event.createTime
    if (ageSeconds > WELCOME_CODE_LIFETIME_S) {
      await this.record(event, 'skipped', 'welcome code expired before sending')
      return
    }
    try {
      await this.client.sendWelcomeMessage(event.welcomeCode, {
        text: this.textFor(event.state),
      })
      await this.record(event, 'sent', event.state ?? 'default')
    } catch (error) {
      await this.record(
        event,
        'failed',
        String((error as Error).message ?? error),
      )
    }
  }

  /** The channel's text: the longest configured prefix of `state`. */
  textFor(state: string | undefined): string {
    const channel = Object.keys(this.messages.byChannel)
      .filter((prefix) => state?.startsWith(prefix))
      .sort((a, b) => b.length - a.length)[0]
    return channel ? this.messages.byChannel[channel]! : this.messages.default
  }

  private async record(
    event: ExternalContactEvent,
    status: 'sent' | 'skipped' | 'failed',
    detail: string,
  ): Promise<void> {
    await this.follows.update(
      { userId: event.userId, externalUserId: event.externalUserId },
      { welcomeStatus: status, welcomeDetail: detail.slice(0, 255) },
    )
  }
}
