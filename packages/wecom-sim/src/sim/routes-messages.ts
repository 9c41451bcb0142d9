import { createHash, randomBytes } from 'node:crypto'
import type { SimContext } from './context'
import { SimApiError } from './errcodes'
import type { SimRouter } from './http'
import { optionalObject, optionalTextList, requireText } from './params'

/** WeCom's cap on attachments per welcome or mass message. */
const MAX_ATTACHMENTS = 9
/** WeCom's limits for `type=image`: JPG or PNG, over 5 bytes, up to 10 MB. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg'])
const MIN_MEDIA_BYTES = 6
const MAX_IMAGE_BYTES = 10 * 1024 * 1024

/**
 * What the product sends out (welcome messages, mass message tasks) and the
 * identity plumbing of the sidebar (jsapi tickets, OAuth codes).
 * @see https://developer.work.weixin.qq.com/document/path/92137
 */
export function addMessageRoutes(router: SimRouter, context: SimContext): void {
  const { directory } = context

  // Checks the content before the code, so a bad request does not use it up.
  router.on('POST', '/cgi-bin/externalcontact/send_welcome_msg', ({ body }) => {
    const code = requireText(body.welcome_code, 'MISSING_WELCOME_CODE')
    const content = readContent(body)
    const grant = context.welcomeCodes.consume(code)
    if (!grant) {
      throw new SimApiError('INVALID_WELCOME_CODE')
    }
    context.sent.welcomeMessages.push({
      welcomeCode: code,
      userid: grant.userid,
      externalUserId: grant.externalUserId,
      text: content.text,
      attachments: content.attachments,
      sentAt: context.now(),
    })
    return {}
  })

  // Records a mass message task; customers or groups it cannot reach go in
  // `fail_list`.
  router.on('POST', '/cgi-bin/externalcontact/add_msg_template', ({ body }) => {
    const chatType = body.chat_type ?? 'single'
    if (chatType !== 'single' && chatType !== 'group') {
      throw new SimApiError('INVALID_PARAMETER', 'chat_type')
    }
    const sender =
      body.sender === undefined ? undefined : requireText(body.sender)
    if (sender && !directory.member(sender)) {
      throw new SimApiError('USER_NOT_FOUND', sender)
    }
    if (chatType === 'group' && !sender) {
      throw new SimApiError('INVALID_PARAMETER', 'sender is required')
    }
    readContent(body)

    const failList =
      chatType === 'single'
        ? unreachableCustomers(context, body.external_userid, sender)
        : unreachableGroups(context, body.chat_id_list, sender)
    const msgid = `msg${randomBytes(16).toString('base64url')}`
    context.sent.messageTemplates.push({
      msgid,
      template: body,
      failList,
      createdAt: context.now(),
    })
    return { fail_list: failList, msgid }
  })

  // Temporary media: only images, which is all the product uploads. The
  // answer's created_at is a string, as WeCom writes it.
  router.on('POST', '/cgi-bin/media/upload', async (request) => {
    if (request.query.get('type') !== 'image') {
      throw new SimApiError('INVALID_MEDIA_TYPE', 'only type=image')
    }
    const file = await readMediaPart(request.raw, request.contentType)
    const bytes = Buffer.from(await file.arrayBuffer())
    if (bytes.length < MIN_MEDIA_BYTES || bytes.length > MAX_IMAGE_BYTES) {
      throw new SimApiError('INVALID_FILE_SIZE', `${bytes.length} bytes`)
    }
    const contentType = file.type.toLowerCase()
    if (!IMAGE_TYPES.has(contentType) || !looksLikeImage(bytes)) {
      throw new SimApiError('INVALID_FILE_TYPE', contentType || 'no type')
    }
    const createdAt = context.now()
    const mediaId = `3${randomBytes(24).toString('base64url')}`
    context.sent.media.push({
      mediaId,
      type: 'image',
      filename: file.name,
      contentType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      createdAt,
    })
    return {
      type: 'image',
      media_id: mediaId,
      created_at: String(Math.floor(createdAt / 1000)),
    }
  })

  router.on('*', '/cgi-bin/get_jsapi_ticket', () => context.tickets.get('corp'))

  router.on('*', '/cgi-bin/ticket/get', ({ query }) => {
    if (query.get('type') !== 'agent_config') {
      throw new SimApiError('INVALID_PARAMETER', 'type must be agent_config')
    }
    return context.tickets.get('agent')
  })

  router.on('*', '/cgi-bin/auth/getuserinfo', ({ query }) => {
    const code = requireText(query.get('code'), 'MISSING_OAUTH_CODE')
    const grant = context.oauthCodes.consume(code)
    if (!grant) {
      throw new SimApiError('INVALID_OAUTH_CODE')
    }
    if ('userid' in grant) {
      return { userid: grant.userid }
    }
    return grant.externalUserId
      ? { openid: grant.openid, external_userid: grant.externalUserId }
      : { openid: grant.openid }
  })
}

/**
 * The `media` file of a multipart/form-data body.
 * @throws {SimApiError} 41005 when the body is not multipart or has no
 *   `media` file
 */
async function readMediaPart(raw: Buffer, contentType: string): Promise<File> {
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    throw new SimApiError('MISSING_MEDIA', 'not multipart/form-data')
  }
  let form: FormData
  try {
    form = await new Response(new Uint8Array(raw), {
      headers: { 'content-type': contentType },
    }).formData()
  } catch {
    throw new SimApiError('MISSING_MEDIA', 'unreadable multipart body')
  }
  const media = form.get('media')
  if (!media || typeof media === 'string') {
    throw new SimApiError('MISSING_MEDIA', 'no media file part')
  }
  return media
}

/** PNG or JPEG by their first bytes: WeCom looks at the file, not its name. */
function looksLikeImage(bytes: Buffer): boolean {
  const png = bytes
    .subarray(0, 8)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
  return png || jpeg
}

/**
 * The `text` and `attachments` of a message; one of them must be there.
 * @throws {SimApiError} 44004 when both are empty, 40058 for over 9
 *   attachments
 */
function readContent(body: Record<string, unknown>): {
  text?: { content: string }
  attachments: unknown[]
} {
  const content = optionalObject(body.text)?.content
  const text =
    typeof content === 'string' && content !== '' ? { content } : undefined
  const attachments = Array.isArray(body.attachments) ? body.attachments : []
  if (attachments.length > MAX_ATTACHMENTS) {
    throw new SimApiError('INVALID_PARAMETER', 'at most 9 attachments')
  }
  if (!text && attachments.length === 0) {
    throw new SimApiError('EMPTY_CONTENT')
  }
  return { text, attachments }
}

/** Customers with no follow (by `sender`, when one is named). */
function unreachableCustomers(
  context: SimContext,
  value: unknown,
  sender: string | undefined,
): string[] {
  const ids = optionalTextList(value, 10_000, 'external_userid') ?? []
  return ids.filter((id) => {
    const follows = context.directory.followsOfCustomer(id)
    return !follows.some((follow) => !sender || follow.userid === sender)
  })
}

/** Groups that are unknown, dismissed, or not owned by `sender`. */
function unreachableGroups(
  context: SimContext,
  value: unknown,
  sender: string | undefined,
): string[] {
  const ids = optionalTextList(value, 2000, 'chat_id_list') ?? []
  return ids.filter((id) => {
    const group = context.directory.group(id)
    return !group || group.dismissed || group.owner !== sender
  })
}
