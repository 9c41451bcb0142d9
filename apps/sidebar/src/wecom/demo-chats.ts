import type { DemoChats, SidebarView } from '@petcare/shared'
import type { ChatTarget } from './bridge'

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
