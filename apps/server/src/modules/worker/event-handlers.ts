import type { WecomEvent } from '@petcare/wecom'
import type { ContactSync } from '../customer/contact.sync'
import type { DirectorySync } from '../directory/directory.sync'
import type { GroupSync } from '../group/group.sync'
import type { WelcomeSender } from './welcome'

/** Applies each kind of event to the tables it keeps true. */
export class EventHandlers {
  constructor(
    private readonly contacts: ContactSync,
    private readonly groups: GroupSync,
    private readonly directory: DirectorySync,
    private readonly welcome: WelcomeSender,
  ) {}

  async handle(event: WecomEvent): Promise<void> {
    switch (event.kind) {
      case 'external_contact':
        await this.contacts.apply(event)
        if (
          event.changeType === 'add_external_contact' ||
          event.changeType === 'add_half_external_contact'
        ) {
          await this.welcome.send(event)
        }
        return
      case 'external_chat':
        await this.groups.apply(event)
        return
      case 'contact_user':
        await this.directory.applyMember(event)
        return
      case 'contact_party':
        await this.directory.applyDepartment(event)
        return
      case 'external_tag':
      case 'contact_tag':
      case 'unknown':
        // Nothing is kept from these yet; they stay in the event store.
        return
    }
  }
}

/**
 * The entity an event changes. Events of one key are applied one at a time,
 * in order; different keys in parallel.
 */
export function entityKey(event: WecomEvent): string {
  switch (event.kind) {
    case 'external_contact':
      return `customer:${event.externalUserId}`
    case 'external_chat':
      return `group:${event.chatId}`
    case 'contact_user':
      return `staff:${event.userId}`
    case 'contact_party':
      return 'departments'
    default:
      return `other:${event.kind}`
  }
}
