import { randomBytes } from 'node:crypto'
import type { SentMoment, SimContext } from './context'
import { SIM_ERRORS, SimApiError } from './errcodes'
import type { SimRouter } from './http'
import { optionalObject, optionalTextList, requireText } from './params'

/** 2000 characters of text at most ('invalid text size'). */
const MAX_TEXT = 2000
/** Up to 9 images, or 1 video, or 1 link; one kind per post. */
const MAX_IMAGES = 9
/** A jobid answers for 24 hours, then it is unknown. */
const JOB_LIFETIME_MS = 24 * 3600 * 1000

/**
 * The moment errcodes the shared list in errcodes.ts does not hold yet, from
 * WeCom's global list as go-workwx `errcodes/mod.go` mirrors it; the errmsg
 * texts are the ones doc 95094 quotes.
 */
const MOMENT_ERRORS = {
  /** jobid不存在. */
  JOB_NOT_FOUND: [40088, 'jobid not found'],
  /** 附件数量超过限制. */
  ATTACHMENTS_SIZE: [41064, 'invalid attachments size'],
  /** 无效的附件类型: an unknown kind, or kinds mixed. */
  ATTACHMENTS_MSGTYPE: [41065, 'invalid attachments msgtype'],
  /** 朋友圈附件与内容不能同时为empty. */
  EMPTY_MOMENT: [41089, 'text and attachments are both empty'],
} as const

/** One `add_moment_task` job: what `get_moment_task_result` will answer. */
interface MomentJob {
  record: SentMoment
  /** How many times the result was asked for. */
  polls: number
  result: Record<string, unknown>
}

/**
 * Customer moments (客户朋友圈): `add_moment_task` creates an asynchronous
 * job, and `get_moment_task_result` answers it as running (status 2) the
 * first time it is asked, and done (status 3) from then on.
 *
 * As in WeCom, senders, departments and tags that do not exist do not fail
 * the call: the job's result lists them as invalid. Only a job left with no
 * sender at all ends with an errcode in its result.
 * @see https://developer.work.weixin.qq.com/document/path/95094
 */
export function addMomentRoutes(router: SimRouter, context: SimContext): void {
  const jobs = new Map<string, MomentJob>()

  router.on('POST', '/cgi-bin/externalcontact/add_moment_task', ({ body }) => {
    readMomentContent(body)
    const range = readVisibleRange(body.visible_range)
    const jobid = `job${randomBytes(16).toString('base64url')}`
    const record: SentMoment = {
      jobid,
      task: body,
      createdAt: context.now(),
      momentId: null,
    }
    context.sent.moments.push(record)
    jobs.set(jobid, { record, polls: 0, result: jobResult(context, range) })
    return { jobid }
  })

  router.on('*', '/cgi-bin/externalcontact/get_moment_task_result', (req) => {
    const jobid = requireText(req.query.get('jobid'))
    const job = jobs.get(jobid)
    if (!job || context.now() - job.record.createdAt > JOB_LIFETIME_MS) {
      throw momentError('JOB_NOT_FOUND', jobid)
    }
    job.polls++
    if (job.polls === 1) {
      return { status: 2, type: 'add_moment_task' }
    }
    if (typeof job.result.moment_id === 'string') {
      job.record.momentId = job.result.moment_id
    }
    return { status: 3, type: 'add_moment_task', result: job.result }
  })
}

/**
 * Checks `text` and `attachments` the way doc 95094 describes.
 * @throws {SimApiError} 40058 'invalid text size', 41064, 41065 or 41089
 */
function readMomentContent(body: Record<string, unknown>): void {
  const text = optionalObject(body.text)
  if (body.text !== undefined && !text) {
    throw new SimApiError('INVALID_PARAMETER', 'text must be an object')
  }
  const content = text?.content ?? ''
  if (typeof content !== 'string') {
    throw new SimApiError('INVALID_PARAMETER', 'text.content')
  }
  if ([...content].length > MAX_TEXT) {
    throw new SimApiError('INVALID_PARAMETER', 'invalid text size')
  }

  if (body.attachments !== undefined && !Array.isArray(body.attachments)) {
    throw new SimApiError('INVALID_PARAMETER', 'attachments must be a list')
  }
  const attachments = (body.attachments ?? []) as unknown[]
  if (content === '' && attachments.length === 0) {
    throw momentError('EMPTY_MOMENT')
  }
  const kinds = new Set(attachments.map(readAttachment))
  if (kinds.size > 1) {
    throw momentError('ATTACHMENTS_MSGTYPE', 'one kind per post')
  }
  const limit = kinds.has('image') ? MAX_IMAGES : 1
  if (attachments.length > limit) {
    throw momentError('ATTACHMENTS_SIZE', `at most ${limit}`)
  }
}

/**
 * The kind of one attachment, with its required fields checked. WeCom also
 * wants a link's cover (`link.media_id`, from upload_attachment); the
 * simulator lets a link without one through, and says so here.
 */
function readAttachment(value: unknown): 'image' | 'video' | 'link' {
  const attachment = optionalObject(value)
  const kind = attachment?.msgtype
  if (kind !== 'image' && kind !== 'video' && kind !== 'link') {
    throw momentError('ATTACHMENTS_MSGTYPE', String(kind))
  }
  const fields = optionalObject(attachment?.[kind])
  if (kind === 'link') {
    const url = fields?.url
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
      throw new SimApiError('INVALID_PARAMETER', 'link.url')
    }
    const title = fields?.title
    if (
      title !== undefined &&
      (typeof title !== 'string' || Buffer.byteLength(title) > 64)
    ) {
      throw new SimApiError('INVALID_PARAMETER', 'link.title')
    }
    return kind
  }
  if (typeof fields?.media_id !== 'string' || fields.media_id === '') {
    throw new SimApiError('INVALID_PARAMETER', `${kind}.media_id`)
  }
  return kind
}

/** Who is asked to post it, and which customers see it. */
interface VisibleRange {
  /** Absent: every member in the app's scope. */
  users?: string[]
  departments?: string[]
  tags?: string[]
}

/** @throws {SimApiError} 40058 when a list is not of the right type */
function readVisibleRange(value: unknown): VisibleRange {
  if (value === undefined) {
    return {}
  }
  const range = optionalObject(value)
  if (!range) {
    throw new SimApiError('INVALID_PARAMETER', 'visible_range')
  }
  const senders = optionalObject(range.sender_list)
  const customers = optionalObject(range.external_contact_list)
  const departments = senders?.department_list
  if (
    departments !== undefined &&
    (!Array.isArray(departments) ||
      departments.some((id) => !Number.isInteger(id)))
  ) {
    throw new SimApiError(
      'INVALID_PARAMETER',
      'department_list must be a list of department ids',
    )
  }
  return {
    users: optionalTextList(senders?.user_list, 100_000, 'user_list'),
    departments: (departments as number[] | undefined)?.map(String),
    tags: optionalTextList(customers?.tag_list, 10_000, 'tag_list'),
  }
}

/**
 * The result the job will end with: the moment, and what was invalid; a
 * job with senders named and none valid fails.
 */
function jobResult(
  context: SimContext,
  range: VisibleRange,
): Record<string, unknown> {
  const { directory } = context
  const users = range.users ?? []
  const departments = range.departments ?? []
  const badUsers = users.filter((id) => {
    const member = directory.member(id)
    return !member || member.status !== 1
  })
  const badDepartments = departments.filter((id) => !directory.department(id))
  const tagIds = new Set(
    context.state.tagGroups.flatMap((g) => g.tags.map((t) => t.id)),
  )
  const invalid = {
    invalid_sender_list: {
      user_list: badUsers,
      department_list: badDepartments.map(Number),
    },
    invalid_external_contact_list: {
      tag_list: (range.tags ?? []).filter((id) => !tagIds.has(id)),
    },
  }

  const named = users.length + departments.length
  const valid = named - badUsers.length - badDepartments.length
  if (named > 0 && valid === 0) {
    const [errcode, errmsg] =
      departments.length > 0
        ? SIM_ERRORS.DEPARTMENT_NOT_FOUND
        : SIM_ERRORS.INVALID_USERID_LIST
    return { errcode, errmsg, ...invalid }
  }
  const momentId = `mom${randomBytes(16).toString('base64url')}`
  return { errcode: 0, errmsg: 'ok', moment_id: momentId, ...invalid }
}

/** A {@link SimApiError} for an errcode of {@link MOMENT_ERRORS}. */
function momentError(
  name: keyof typeof MOMENT_ERRORS,
  detail?: string,
): SimApiError {
  const [errcode, text] = MOMENT_ERRORS[name]
  const errmsg = detail ? `${text}: ${detail}` : text
  return Object.assign(new SimApiError('INVALID_PARAMETER'), {
    errcode,
    errmsg,
    message: errmsg,
  })
}
