import { EntitySchema } from 'typeorm'
import { toNumber } from '../directory/department.entity'

/**
 * One stay of a member or customer in a group: from `joinTime` until
 * `leftAt`. A re-join is a new row, so the history stays whole.
 */
export interface GroupMemberRecord {
  chatId: string
  memberId: string
  joinTime: number
  /** 1 a member of the corp, 2 a customer. */
  memberType: number
  name: string | null
  /** groupchat/get's join_scene: 1 invited, 2 link, 3 QR code. */
  joinScene: number | null
  invitorId: string | null
  leftAt: number | null
  /** The event's QuitScene: 0 left, 1 removed. */
  quitScene: string | null
  updatedAt: Date
}

export const GroupMemberEntity = new EntitySchema<GroupMemberRecord>({
  name: 'GroupMember',
  tableName: 'group_member',
  columns: {
    chatId: { type: 'varchar', length: 128, primary: true },
    memberId: { type: 'varchar', length: 128, primary: true },
    joinTime: { type: 'bigint', primary: true, transformer: toNumber() },
    memberType: { type: 'int' },
    name: { type: 'varchar', length: 255, nullable: true },
    joinScene: { type: 'int', nullable: true },
    invitorId: { type: 'varchar', length: 128, nullable: true },
    leftAt: { type: 'bigint', nullable: true, transformer: toNumber() },
    quitScene: { type: 'varchar', length: 8, nullable: true },
    updatedAt: { type: 'datetime', precision: 3 },
  },
})
