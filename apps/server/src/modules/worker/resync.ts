import type { WecomClient } from '@petcare/wecom'
import { IsNull, type DataSource } from 'typeorm'
import type { Logger } from '../../logger'
import { backfillFollowAdds } from '../customer/follow-change'
import type { ContactSync } from '../customer/contact.sync'
import { FollowEntity } from '../customer/follow.entity'
import type { DirectorySync } from '../directory/directory.sync'
import { CustomerGroupEntity } from '../group/customer-group.entity'
import type { GroupSync } from '../group/group.sync'

/** What a re-sync read and repaired. */
export interface ResyncReport {
  departments: number
  members: number
  follows: number
  followsEnded: number
  groups: number
  groupsDismissed: number
}

/**
 * Reads the whole corp from WeCom and repairs what lost callbacks left
 * wrong: the directory, every member's customers (`batch/get_by_user`) and
 * every customer group (`groupchat/list`). It goes through the same upserts
 * as the worker.
 */
export class Resync {
  constructor(
    private readonly dataSource: DataSource,
    private readonly client: WecomClient,
    private readonly contacts: ContactSync,
    private readonly groups: GroupSync,
    private readonly directory: DirectorySync,
    private readonly log: Logger,
  ) {}

  async run(now = Date.now()): Promise<ResyncReport> {
    const time = Math.floor(now / 1000)
    const report: ResyncReport = {
      departments: 0,
      members: 0,
      follows: 0,
      followsEnded: 0,
      groups: 0,
      groupsDismissed: 0,
    }
    await this.syncDirectory(time, report)
    await this.syncFollows(time, report)
    await this.syncGroups(time, report)
    await backfillFollowAdds(this.dataSource)
    this.log.info(report, 'resync finished')
    return report
  }

  private async syncDirectory(
    time: number,
    report: ResyncReport,
  ): Promise<void> {
    const departments = await this.client.listDepartments()
    await this.directory.saveDepartments(departments, time)
    report.departments = departments.length

    const seen = new Set<string>()
    for (const department of departments) {
      const members = await this.client.listDepartmentMembers(
        String(department.id),
      )
      for (const member of members) {
        if (!seen.has(member.userid)) {
          seen.add(member.userid)
          await this.directory.saveMember(member, time)
        }
      }
    }
    report.members = seen.size
  }

  private async syncFollows(time: number, report: ResyncReport): Promise<void> {
    const userIds = await this.client.listFollowUsers()
    const seen = new Set<string>()
    for (let i = 0; i < userIds.length; i += 100) {
      const chunk = userIds.slice(i, i + 100)
      let cursor = ''
      do {
        const page = await this.client.batchGetByUser(chunk, { cursor })
        for (const item of page.items) {
          const externalUserId = item.external_contact.external_userid
          await this.contacts.saveCustomer(item.external_contact, time)
          const { tag_id: tagIds, ...follow } = item.follow_info
          await this.contacts.saveFollow(externalUserId, {
            ...follow,
            tags: (tagIds ?? []).map((tagId) => ({
              tag_id: tagId,
              tag_name: '',
              type: 1,
            })),
          })
          seen.add(`${follow.userid}\n${externalUserId}`)
        }
        cursor = page.nextCursor
      } while (cursor)
    }
    report.follows = seen.size

    const active = await this.dataSource
      .getRepository(FollowEntity)
      .findBy({ endedAt: IsNull() })
    for (const follow of active) {
      if (!seen.has(`${follow.userId}\n${follow.externalUserId}`)) {
        await this.contacts.end(
          follow.userId,
          follow.externalUserId,
          time,
          null,
          'RESYNC',
        )
        report.followsEnded++
      }
    }
  }

  private async syncGroups(time: number, report: ResyncReport): Promise<void> {
    const seen = new Set<string>()
    let cursor = ''
    do {
      const page = await this.client.listGroupChats({ cursor })
      for (const item of page.items) {
        seen.add(item.chat_id)
        await this.groups.refresh(item.chat_id, time)
      }
      cursor = page.nextCursor
    } while (cursor)
    report.groups = seen.size

    const open = await this.dataSource
      .getRepository(CustomerGroupEntity)
      .findBy({ dismissedAt: IsNull() })
    for (const group of open) {
      if (
        !seen.has(group.chatId) &&
        !(await this.groups.refresh(group.chatId, time))
      ) {
        await this.groups.dismiss(group.chatId, time)
        report.groupsDismissed++
      }
    }
  }
}
