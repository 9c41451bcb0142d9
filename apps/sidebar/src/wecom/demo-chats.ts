import type { DemoChats, SidebarView } from '@petcare/shared'
import { messages } from '../shared/i18n'
import type { ChatTarget } from './bridge'

type DemoContact = DemoChats['contacts'][number]
type DemoGroup = DemoChats['groups'][number]

/**
 * The name of the chat the demo pretends to be in: the customer's or the
 * group's, from the chat's view once it has arrived, else from the
 * picker's list; the id only while neither knows it.
 */
export function demoChatName(
  target: ChatTarget,
  view: SidebarView | null,
  chats: DemoChats | null,
): string {
  if (view?.kind === 'contact' && target.kind === 'contact') {
    if (view.contact.externalUserId === target.id) return view.contact.name
  }
  if (view?.kind === 'group' && target.kind === 'group') {
    if (view.group.chatId === target.id) return view.group.name
  }
  const listed =
    target.kind === 'contact'
      ? chats?.contacts.find((c) => c.externalUserId === target.id)?.name
      : chats?.groups.find((g) => g.chatId === target.id)?.name
  return listed ?? target.id
}

/**
 * What tells a demo customer from another of the same name (there are
 * four Amy.W): the bound record's ID, the pets and the hospital.
 */
export function contactDetail(contact: DemoContact): string {
  if (!contact.customerId) return messages.demo.unbound
  const pets = contact.petNames.join('、')
  return [contact.customerId, pets, contact.hospital]
    .filter(Boolean)
    .join(' · ')
}

/** What tells a demo group from another of the same name: its owner. */
export function groupDetail(group: DemoGroup): string {
  return group.owner ? messages.demo.owner(group.owner) : ''
}

/** Why the demo picker lists nothing, or null when it lists something. */
export type PickerNotice = 'not-ready' | 'no-chats' | 'no-match'

/**
 * The truth about an empty list: the demo corp is not synced yet, this
 * member may open no chat at all, or nothing matches the search.
 */
export function pickerNotice(
  chats: DemoChats | null,
  q: string,
): PickerNotice | null {
  if (!chats || !chats.ready) return 'not-ready'
  if (chats.contacts.length > 0 || chats.groups.length > 0) return null
  return q.trim() ? 'no-match' : 'no-chats'
}
