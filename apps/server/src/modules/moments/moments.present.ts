import type { MomentOwnerInfo, MomentPost } from '@petcare/shared'
import type { MomentTask } from '@petcare/wecom'
import type { ConsoleScope } from '../console/scope'
import type { MomentPostRecord } from './moment-post.entity'
import { mayPlan, OPEN } from './moments.rules'

/**
 * The `add_moment_task` body for a post, sent by the members of one WeCom
 * department to their customers.
 *
 * FIXME: a link goes without the cover `media_id` that doc 95094 requires;
 * covers come from upload_attachment, which the client does not call yet,
 * so real WeCom will refuse link posts until it does (the simulator lets
 * them through).
 */
export function momentTask(
  row: MomentPostRecord,
  department: number,
): MomentTask {
  return {
    text: { content: row.text },
    attachments: row.linkUrl
      ? [
          {
            msgtype: 'link',
            link: { title: row.linkTitle ?? undefined, url: row.linkUrl },
          },
        ]
      : undefined,
    visible_range: { sender_list: { department_list: [department] } },
  }
}

/** A post as the console API answers it. */
export function present(
  row: MomentPostRecord,
  scope: ConsoleScope,
  owners: MomentOwnerInfo[],
  names: Map<string, string>,
): MomentPost {
  return {
    id: row.id,
    day: row.day,
    owner: row.owner,
    ownerName: owners.find((o) => o.id === row.owner)?.name ?? row.owner,
    slot: row.slot,
    text: row.text,
    link: row.linkUrl ? { title: row.linkTitle ?? '', url: row.linkUrl } : null,
    status: row.status,
    jobId: row.jobId,
    momentId: row.momentId,
    error: row.error,
    createdBy: {
      userId: row.createdBy,
      name: names.get(row.createdBy) ?? row.createdBy,
    },
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    editable: mayPlan(scope, row.owner) && OPEN.includes(row.status),
  }
}
