import { WecomApiError } from '../errors'
import { ERRCODE } from './errcodes'
import type { CachedToken } from './token-store'
import { WecomTransport, type TransportOptions } from './transport'
import type {
  CorpTagGroup,
  Department,
  ExternalContact,
  ExternalContactWithFollow,
  FollowUser,
  GroupChat,
  GroupChatStatus,
  Member,
  MessageAttachment,
  MessageTemplate,
  MomentTask,
  MomentTaskResult,
  OAuthUser,
} from './types'

/** One page of a cursor-paged list. */
export interface Page<T> {
  items: T[]
  /** Pass back as `cursor` for the next page; empty when this was the last. */
  nextCursor: string
}

/**
 * The typed WeCom server API: the only code in the product that calls WeCom.
 * @see https://developer.work.weixin.qq.com/document/path/90664
 */
export class WecomClient {
  readonly transport: WecomTransport

  constructor(options: TransportOptions) {
    this.transport = new WecomTransport(options)
  }

  /**
   * A customer and every member who follows them (all pages of
   * `follow_user`).
   * @see https://developer.work.weixin.qq.com/document/path/92114
   */
  async getExternalContact(
    externalUserId: string,
  ): Promise<{ contact: ExternalContact; followUsers: FollowUser[] }> {
    const followUsers: FollowUser[] = []
    let cursor: string | undefined
    let contact: ExternalContact | undefined
    do {
      const page = await this.transport.call<{
        external_contact: ExternalContact
        follow_user?: FollowUser[]
        next_cursor?: string
      }>('externalcontact/get', {
        query: { external_userid: externalUserId, cursor },
        idempotent: true,
      })
      contact = page.external_contact
      followUsers.push(...(page.follow_user ?? []))
      cursor = page.next_cursor || undefined
    } while (cursor)
    return { contact, followUsers }
  }

  /**
   * The ids of a member's customers; a member with none is an empty list
   * (WeCom answers 84061 for them).
   * @see https://developer.work.weixin.qq.com/document/path/92113
   */
  async listExternalContactIds(userId: string): Promise<string[]> {
    try {
      const result = await this.transport.call<{ external_userid?: string[] }>(
        'externalcontact/list',
        { query: { userid: userId }, idempotent: true },
      )
      return result.external_userid ?? []
    } catch (error) {
      if (isErrcode(error, ERRCODE.NOT_EXTERNAL_CONTACT)) {
        return []
      }
      throw error
    }
  }

  /** Members with customer contact enabled. */
  async listFollowUsers(): Promise<string[]> {
    const result = await this.transport.call<{ follow_user?: string[] }>(
      'externalcontact/get_follow_user_list',
      { idempotent: true },
    )
    return result.follow_user ?? []
  }

  /**
   * One page of the customers of up to 100 members, each with the asking
   * member's follow.
   * @see https://developer.work.weixin.qq.com/document/path/93010
   */
  async batchGetByUser(
    userIds: string[],
    options: { cursor?: string; limit?: number } = {},
  ): Promise<Page<ExternalContactWithFollow>> {
    try {
      const result = await this.transport.call<{
        external_contact_list?: ExternalContactWithFollow[]
        next_cursor?: string
      }>('externalcontact/batch/get_by_user', {
        body: {
          userid_list: userIds,
          cursor: options.cursor ?? '',
          limit: options.limit ?? 100,
        },
        idempotent: true,
      })
      return {
        items: result.external_contact_list ?? [],
        nextCursor: result.next_cursor ?? '',
      }
    } catch (error) {
      if (isErrcode(error, ERRCODE.NOT_EXTERNAL_CONTACT)) {
        return { items: [], nextCursor: '' }
      }
      throw error
    }
  }

  /**
   * A customer group with its members (and their names).
   * @see https://developer.work.weixin.qq.com/document/path/92122
   */
  async getGroupChat(chatId: string): Promise<GroupChat> {
    const result = await this.transport.call<{ group_chat: GroupChat }>(
      'externalcontact/groupchat/get',
      { body: { chat_id: chatId, need_name: 1 }, idempotent: true },
    )
    return {
      ...result.group_chat,
      member_list: result.group_chat.member_list ?? [],
    }
  }

  /**
   * One page of customer groups.
   * @see https://developer.work.weixin.qq.com/document/path/93414
   */
  async listGroupChats(
    options: {
      statusFilter?: number
      ownerUserIds?: string[]
      cursor?: string
      limit?: number
    } = {},
  ): Promise<Page<GroupChatStatus>> {
    const result = await this.transport.call<{
      group_chat_list?: GroupChatStatus[]
      next_cursor?: string
    }>('externalcontact/groupchat/list', {
      body: {
        status_filter: options.statusFilter ?? 0,
        owner_filter: options.ownerUserIds
          ? { userid_list: options.ownerUserIds }
          : undefined,
        cursor: options.cursor ?? '',
        limit: options.limit ?? 1000,
      },
      idempotent: true,
    })
    return {
      items: result.group_chat_list ?? [],
      nextCursor: result.next_cursor ?? '',
    }
  }

  /**
   * Sends the welcome message an add event's `WelcomeCode` allows, once and
   * within seconds of the event.
   * @see https://developer.work.weixin.qq.com/document/path/92137
   */
  async sendWelcomeMessage(
    welcomeCode: string,
    message: { text?: string; attachments?: MessageAttachment[] },
  ): Promise<void> {
    await this.transport.call('externalcontact/send_welcome_msg', {
      body: {
        welcome_code: welcomeCode,
        text: message.text ? { content: message.text } : undefined,
        attachments: message.attachments,
      },
    })
  }

  /**
   * Creates a mass message task that the member confirms in WeCom.
   * @see https://developer.work.weixin.qq.com/document/path/92135
   */
  async addMessageTemplate(
    template: MessageTemplate,
  ): Promise<{ msgId: string; failList: string[] }> {
    const result = await this.transport.call<{
      msgid: string
      fail_list?: string[]
    }>('externalcontact/add_msg_template', { body: template })
    return { msgId: result.msgid, failList: result.fail_list ?? [] }
  }

  /**
   * Creates a customer moment task (企业发表内容到客户的朋友圈). WeCom
   * builds it in the background: follow it with `getMomentTaskResult`.
   * Not retried after a network failure, as a resend would post twice.
   * @see https://developer.work.weixin.qq.com/document/path/95094
   */
  async addMomentTask(task: MomentTask): Promise<{ jobId: string }> {
    const result = await this.transport.call<{ jobid: string }>(
      'externalcontact/add_moment_task',
      { body: task },
    )
    return { jobId: result.jobid }
  }

  /**
   * How a moment task from `addMomentTask` stands. WeCom's status 1 (started)
   * and 2 (being created) are `running`; 3 (finished) is `done` or `failed`
   * by the errcode inside its result. A jobid is good for 24 hours.
   * @throws {WecomApiError} 40088 for a jobid WeCom does not know
   * @see https://developer.work.weixin.qq.com/document/path/95094
   */
  async getMomentTaskResult(jobId: string): Promise<MomentTaskResult> {
    const answer = await this.transport.call<{
      status: number
      result?: {
        errcode?: number
        errmsg?: string
        moment_id?: string
        invalid_sender_list?: {
          user_list?: string[]
          department_list?: number[]
        }
        invalid_external_contact_list?: { tag_list?: string[] }
      }
    }>('externalcontact/get_moment_task_result', {
      query: { jobid: jobId },
      idempotent: true,
    })
    if (answer.status !== 3) {
      return { status: 'running' }
    }
    const result = answer.result ?? {}
    const invalid = {
      userIds: result.invalid_sender_list?.user_list ?? [],
      departmentIds: result.invalid_sender_list?.department_list ?? [],
      tagIds: result.invalid_external_contact_list?.tag_list ?? [],
    }
    const errcode = result.errcode ?? 0
    if (errcode === 0 && result.moment_id) {
      return { status: 'done', momentId: result.moment_id, invalid }
    }
    // Finished without an errcode and without a moment: nothing to follow.
    return errcode === 0
      ? { status: 'failed', errcode: -1, errmsg: 'no moment_id', invalid }
      : { status: 'failed', errcode, errmsg: result.errmsg ?? '', invalid }
  }

  /**
   * Uploads an image as temporary media (临时素材) for `sendChatMessage`
   * and messages. WeCom takes JPG or PNG of 5 bytes to 10 MB; the media id
   * lasts 3 days from `createdAt`. Not retried after a network failure: a
   * resend is harmless but the bytes may be large, so the caller decides.
   * @see https://developer.work.weixin.qq.com/document/path/90253
   */
  async uploadImage(
    bytes: Uint8Array,
    filename: string,
    contentType: string,
  ): Promise<{ mediaId: string; createdAt: Date }> {
    const form = new FormData()
    // A copy, so the Blob owns plain ArrayBuffer bytes whatever `bytes` views.
    form.append(
      'media',
      new Blob([new Uint8Array(bytes)], { type: contentType }),
      filename,
    )
    const result = await this.transport.call<{
      media_id: string
      created_at: string | number
    }>('media/upload', { query: { type: 'image' }, form })
    // WeCom writes created_at as a string of Unix seconds.
    return {
      mediaId: result.media_id,
      createdAt: new Date(Number(result.created_at) * 1000),
    }
  }

  /** The corp's customer tag library. */
  async getCorpTags(): Promise<CorpTagGroup[]> {
    const result = await this.transport.call<{ tag_group?: CorpTagGroup[] }>(
      'externalcontact/get_corp_tag_list',
      { body: {}, idempotent: true },
    )
    return result.tag_group ?? []
  }

  /** A member of the corp. */
  async getMember(userId: string): Promise<Member> {
    return this.transport.call<Member>('user/get', {
      query: { userid: userId },
      idempotent: true,
    })
  }

  /** The members of a department (not of its sub-departments). */
  async listDepartmentMembers(departmentId: string): Promise<Member[]> {
    const result = await this.transport.call<{ userlist?: Member[] }>(
      'user/list',
      { query: { department_id: departmentId }, idempotent: true },
    )
    return result.userlist ?? []
  }

  /** The department tree, flat. */
  async listDepartments(): Promise<Department[]> {
    const result = await this.transport.call<{ department?: Department[] }>(
      'department/list',
      { idempotent: true },
    )
    return result.department ?? []
  }

  /**
   * Who an OAuth `code` belongs to. A code works once, for five minutes.
   * @see https://developer.work.weixin.qq.com/document/path/91023
   */
  async getUserByOAuthCode(code: string): Promise<OAuthUser> {
    const result = await this.transport.call<{
      userid?: string
      user_ticket?: string
      openid?: string
      external_userid?: string
    }>('auth/getuserinfo', { query: { code } })
    if (result.userid) {
      return {
        kind: 'member',
        userId: result.userid,
        userTicket: result.user_ticket,
      }
    }
    return {
      kind: 'outsider',
      openId: result.openid ?? '',
      externalUserId: result.external_userid,
    }
  }

  /**
   * The corp's jsapi ticket (for `wx.config`), or the app's (for
   * `wx.agentConfig`); the two are not interchangeable.
   * @see https://developer.work.weixin.qq.com/document/path/90506
   */
  async getJsapiTicket(kind: 'corp' | 'agent'): Promise<CachedToken> {
    const now = Date.now()
    const result = await this.transport.call<{
      ticket: string
      expires_in?: number
    }>(kind === 'corp' ? 'get_jsapi_ticket' : 'ticket/get', {
      query: kind === 'agent' ? { type: 'agent_config' } : undefined,
      idempotent: true,
    })
    return {
      value: result.ticket,
      expiresAt: now + Number(result.expires_in ?? 7200) * 1000,
    }
  }
}

function isErrcode(error: unknown, errcode: number): boolean {
  return error instanceof WecomApiError && error.errcode === errcode
}
