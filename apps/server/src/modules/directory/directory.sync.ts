import { roleFromPosition } from '@petcare/domain'
import {
  WecomApiError,
  type ContactPartyEvent,
  type ContactUserEvent,
  type Department,
  type Member,
  type WecomClient,
} from '@petcare/wecom'
import type { DataSource, Repository } from 'typeorm'
import {
  DepartmentEntity,
  type DepartmentKind,
  type DepartmentRecord,
} from './department.entity'
import { StaffEntity, type StaffRecord } from './staff.entity'

/** user/get's answer for a member who is no longer in the corp. */
const MEMBER_GONE = new Set([60111])

/** The name of the head office department (总部) under the root. */
const HEAD_OFFICE = /总部|head\s*office/i

/**
 * Keeps the staff directory and the department tree true. Members are read
 * from WeCom (the event may lack fields the app is not allowed to see);
 * departments come from the event, the newest event winning.
 */
export class DirectorySync {
  private readonly staff: Repository<StaffRecord>
  private readonly departments: Repository<DepartmentRecord>

  constructor(
    dataSource: DataSource,
    private readonly client: WecomClient,
  ) {
    this.staff = dataSource.getRepository(StaffEntity)
    this.departments = dataSource.getRepository(DepartmentEntity)
  }

  /** Applies a member's `change_contact` event. */
  async applyMember(event: ContactUserEvent): Promise<void> {
    if (event.changeType === 'delete_user') {
      await this.markMemberDeleted(event.userId, event.createTime)
      return
    }
    if (event.newUserId && event.newUserId !== event.userId) {
      await this.markMemberDeleted(event.userId, event.createTime)
    }
    await this.refreshMember(event.newUserId ?? event.userId, event.createTime)
  }

  /** Applies a department's `change_contact` event. */
  async applyDepartment(event: ContactPartyEvent): Promise<void> {
    const existing = await this.departments.findOneBy({
      id: event.departmentId,
    })
    if (existing && existing.sourceTime > event.createTime) {
      return
    }
    const deleted = event.changeType === 'delete_party'
    await this.departments.upsert(
      {
        kind: 'other' as DepartmentKind,
        ...existing,
        id: event.departmentId,
        name: event.name ?? existing?.name ?? event.departmentId,
        parentId: event.parentId ?? existing?.parentId ?? null,
        sortOrder: event.order
          ? Number(event.order)
          : (existing?.sortOrder ?? 0),
        deletedAt: deleted ? new Date(event.createTime * 1000) : null,
        sourceTime: event.createTime,
        updatedAt: new Date(),
      },
      ['id'],
    )
    await this.classifyDepartments()
  }

  /** Reads one member from WeCom and stores them. */
  async refreshMember(userId: string, eventTime: number): Promise<void> {
    let member: Member
    try {
      member = await this.client.getMember(userId)
    } catch (error) {
      if (error instanceof WecomApiError && MEMBER_GONE.has(error.errcode)) {
        await this.markMemberDeleted(userId, eventTime)
        return
      }
      throw error
    }
    await this.saveMember(member, eventTime)
  }

  /** Stores a member as WeCom describes them now. */
  async saveMember(member: Member, eventTime: number): Promise<void> {
    const existing = await this.staff.findOneBy({ userId: member.userid })
    await this.staff.upsert(
      {
        userId: member.userid,
        name: member.name,
        position: member.position || null,
        role: roleFromPosition(member.position),
        departmentIds: (member.department ?? []).map(String).join(','),
        mainDepartmentId:
          member.main_department == null
            ? null
            : String(member.main_department),
        status: member.status ?? 1,
        deletedAt: null,
        sourceTime: Math.max(existing?.sourceTime ?? 0, eventTime),
        updatedAt: new Date(),
      },
      ['userId'],
    )
  }

  /** Stores the whole department tree as WeCom lists it now. */
  async saveDepartments(list: Department[], eventTime: number): Promise<void> {
    for (const department of list) {
      await this.departments.upsert(
        {
          id: String(department.id),
          name: department.name,
          parentId: department.parentid ? String(department.parentid) : null,
          sortOrder: department.order ?? 0,
          kind: 'other',
          deletedAt: null,
          sourceTime: eventTime,
          updatedAt: new Date(),
        },
        ['id'],
      )
    }
    await this.classifyDepartments()
  }

  private async markMemberDeleted(userId: string, time: number): Promise<void> {
    const existing = await this.staff.findOneBy({ userId })
    if (!existing || existing.sourceTime > time) {
      return
    }
    await this.staff.upsert(
      {
        ...existing,
        deletedAt: new Date(time * 1000),
        status: 5,
        sourceTime: time,
        updatedAt: new Date(),
      },
      ['userId'],
    )
  }

  /**
   * Head office, regions and stores by their place in the tree: under the
   * root, 总部 is head office and the rest are regions; under a region, stores.
   */
  private async classifyDepartments(): Promise<void> {
    const all = await this.departments.find()
    const byId = new Map(all.map((d) => [d.id, d]))
    const kindOf = (department: DepartmentRecord): DepartmentKind => {
      const parent = department.parentId
        ? byId.get(department.parentId)
        : undefined
      if (!parent) {
        return 'root'
      }
      if (!parent.parentId || !byId.has(parent.parentId)) {
        return HEAD_OFFICE.test(department.name) ? 'head_office' : 'region'
      }
      return kindOf(parent) === 'region' ? 'store' : 'other'
    }
    for (const department of all) {
      const kind = kindOf(department)
      if (kind !== department.kind) {
        await this.departments.update({ id: department.id }, { kind })
      }
    }
  }
}
