import type { QuickReply } from '@petcare/shared'
import type { ChatMessage } from '../../wecom/bridge'

/** A piece of a filled template: text, or a variable the chat could not fill. */
export type TemplateSegment =
  { kind: 'text'; text: string } | { kind: 'missing'; name: string }

const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g

/**
 * Splits a filled template into text and the `{{…}}` left in it, so the
 * preview can mark what still has to be written by hand.
 */
export function templateSegments(filled: string): TemplateSegment[] {
  const segments: TemplateSegment[] = []
  let last = 0
  for (const match of filled.matchAll(VARIABLE)) {
    const index = match.index
    if (index > last) {
      segments.push({ kind: 'text', text: filled.slice(last, index) })
    }
    segments.push({ kind: 'missing', name: match[1]! })
    last = index + match[0].length
  }
  if (last < filled.length) {
    segments.push({ kind: 'text', text: filled.slice(last) })
  }
  return segments
}

/**
 * Every text of a reply that reaches the customer: a text's words, a link
 * card's title, description and address. An image sends only its picture;
 * its text is a caption in the library.
 */
export function sentTexts(reply: QuickReply): string[] {
  if (reply.kind === 'text') return [reply.filled]
  if (reply.kind === 'link' && reply.link) {
    return [reply.link.title, reply.link.desc, reply.link.url]
  }
  return []
}

/**
 * The variables a reply still lacks in what it sends: the server's list
 * and whatever `{{…}}` is left in those texts, each once.
 */
export function missingVariables(reply: QuickReply): string[] {
  if (reply.kind === 'image') return []
  const left = sentTexts(reply).flatMap((text) =>
    templateSegments(text).flatMap((segment) =>
      segment.kind === 'missing' ? [segment.name] : [],
    ),
  )
  return [...new Set([...reply.missing, ...left])]
}

/**
 * The `sendChatMessage` payload of a text or link reply; null when it cannot
 * be sent as it is: any variable unfilled in what reaches the customer, or
 * an image, which needs a media id first (`isSendableImage`,
 * `imageMessage`). A link card's address and picture are made absolute
 * against `base` (the page), since WeCom fetches them itself.
 */
export function chatMessageFor(
  reply: QuickReply,
  base?: string,
): ChatMessage | null {
  if (missingVariables(reply).length > 0) return null
  if (reply.kind === 'text') {
    return { msgtype: 'text', text: { content: reply.filled } }
  }
  if (reply.kind === 'link' && reply.link) {
    return {
      msgtype: 'news',
      news: {
        link: absolute(reply.link.url, base),
        title: reply.link.title,
        desc: reply.link.desc,
        imgUrl: absolute(reply.link.imgUrl, base),
      },
    }
  }
  return null
}

function absolute(url: string, base: string | undefined): string {
  if (!base) return url
  // Not URL.canParse: older WeCom webviews lack it.
  try {
    return new URL(url, base).href
  } catch {
    return url
  }
}

/**
 * An image reply the server can upload to WeCom. Its text is only a caption
 * in the library, so unfilled variables in it do not stop the image.
 */
export function isSendableImage(reply: QuickReply): boolean {
  return reply.kind === 'image' && Boolean(reply.imageUrl)
}

/** The `sendChatMessage` payload of an uploaded image. */
export function imageMessage(mediaId: string): ChatMessage {
  return { msgtype: 'image', image: { mediaid: mediaId } }
}

/**
 * What "copy" puts on the clipboard: the text, a link's title and URL, an
 * image's URL, made absolute against `base` (the page) so it still opens
 * when pasted into a chat.
 */
export function clipboardTextFor(reply: QuickReply, base?: string): string {
  if (reply.kind === 'link' && reply.link) {
    return `${reply.link.title}\n${reply.link.url}`
  }
  if (reply.kind === 'image' && reply.imageUrl) {
    return base ? new URL(reply.imageUrl, base).href : reply.imageUrl
  }
  return reply.filled
}
