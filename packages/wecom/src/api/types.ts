/**
 * Response shapes of the WeCom server API, in WeCom's own field names.
 * @see https://developer.work.weixin.qq.com/document/path/92114
 */

/** A customer as `externalcontact/get` returns it. */
export interface ExternalContact {
  external_userid: string
  name: string
  avatar?: string
  /** 1 WeChat user, 2 WeCom user. */
  type: number
  /** 0 unknown, 1 male, 2 female. */
  gender?: number
  unionid?: string
  position?: string
  corp_name?: string
  corp_full_name?: string
}

export interface FollowUserTag {
  group_name?: string
  tag_name: string
  tag_id?: string
  /** 1 corp tag, 2 personal tag, 3 rule-group tag. */
  type: number
}

/** One member's side of a customer relation. */
export interface FollowUser {
  userid: string
  remark?: string
  description?: string
  /** Unix seconds. */
  createtime: number
  tags?: FollowUserTag[]
  remark_corp_name?: string
  remark_mobiles?: string[]
  oper_userid?: string
  add_way?: number
  state?: string
}

/** `batch/get_by_user` gives one follow per item, for the asked member. */
export interface ExternalContactWithFollow {
  external_contact: ExternalContact
  follow_info: Omit<FollowUser, 'tags'> & { tag_id?: string[] }
}

export interface GroupChatMember {
  userid: string
  /** 1 member, 2 customer. */
  type: number
  unionid?: string
  join_time: number
  /** 1 direct invite, 2 invitation link, 3 QR code. */
  join_scene: number
  invitor?: { userid: string }
  group_nickname?: string
  name?: string
}

/** A customer group as `groupchat/get` returns it. */
export interface GroupChat {
  chat_id: string
  name: string
  owner: string
  create_time: number
  notice?: string
  member_list: GroupChatMember[]
  admin_list?: { userid: string }[]
  member_version?: string
}

/** A row of `groupchat/list`: 0 normal, 1–3 owner left / handing over. */
export interface GroupChatStatus {
  chat_id: string
  status: number
}

/** A member of the corp, from `user/get` or `user/list`. */
export interface Member {
  userid: string
  name: string
  department: number[]
  main_department?: number
  position?: string
  mobile?: string
  gender?: string
  email?: string
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status?: number
  avatar?: string
  alias?: string
  is_leader_in_dept?: number[]
}

export interface Department {
  id: number
  name: string
  name_en?: string
  parentid: number
  order?: number
}

export interface CorpTagGroup {
  group_id: string
  group_name: string
  create_time?: number
  order?: number
  deleted?: boolean
  tag: {
    id: string
    name: string
    create_time?: number
    order?: number
    deleted?: boolean
  }[]
}

/** An attachment of a welcome or mass message. */
export type MessageAttachment =
  | { msgtype: 'image'; image: { media_id?: string; pic_url?: string } }
  | {
      msgtype: 'link'
      link: { title: string; picurl?: string; desc?: string; url: string }
    }
  | {
      msgtype: 'miniprogram'
      miniprogram: {
        title: string
        pic_media_id: string
        appid: string
        page: string
      }
    }

/** `add_msg_template`: a mass message the member confirms in WeCom. */
export interface MessageTemplate {
  chat_type?: 'single' | 'group'
  external_userid?: string[]
  chat_id_list?: string[]
  sender?: string
  allow_select?: boolean
  text?: { content: string }
  attachments?: MessageAttachment[]
}

/**
 * An attachment of a customer moment: up to 9 images, or 1 video, or 1
 * link, never mixed. `media_id`s come from WeCom's upload_attachment (doc
 * 95098); the doc requires one for a link's cover too.
 */
export type MomentAttachment =
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'video'; video: { media_id: string } }
  | {
      msgtype: 'link'
      link: { title?: string; url: string; media_id?: string }
    }

/**
 * `add_moment_task`: a post for customers' moments (客户朋友圈) that the
 * senders publish. Without `visible_range`, every member in the app's scope
 * is a sender, and each sender's customers see it.
 */
export interface MomentTask {
  /** At most 2000 characters; text or attachments, or both. */
  text?: { content: string }
  attachments?: MomentAttachment[]
  visible_range?: {
    sender_list?: { user_list?: string[]; department_list?: number[] }
    external_contact_list?: { tag_list?: string[] }
  }
}

/** Senders and customer tags a moment task named that WeCom refused. */
export interface MomentTaskInvalid {
  userIds: string[]
  departmentIds: number[]
  tagIds: string[]
}

/**
 * Where a moment task stands: still being created, done with the moment's
 * id, or failed with the errcode WeCom gave it.
 */
export type MomentTaskResult =
  | { status: 'running' }
  | { status: 'done'; momentId: string; invalid: MomentTaskInvalid }
  | {
      status: 'failed'
      errcode: number
      errmsg: string
      invalid: MomentTaskInvalid
    }

/** Who opened the app through OAuth: a member, or someone outside. */
export type OAuthUser =
  | { kind: 'member'; userId: string; userTicket?: string }
  | { kind: 'outsider'; openId: string; externalUserId?: string }
