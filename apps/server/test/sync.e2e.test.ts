/**
 * End to end: a change in the simulated WeCom, its signed callback to the
 * server, the worker asking WeCom for the truth, and the rows it leaves.
 */
import {
  DEMO_CORP,
  departmentXml,
  externalContactXml,
  externalTagXml,
  isAcknowledged,
  postCallback,
  sealCallback,
} from '@petcare/wecom-sim'
import pino from 'pino'
import { In, type EntitySchema, type ObjectLiteral } from 'typeorm'
import { CustomerEntity } from '../src/modules/customer/customer.entity'
import { FollowEntity } from '../src/modules/customer/follow.entity'
import { DepartmentEntity } from '../src/modules/directory/department.entity'
import { StaffEntity } from '../src/modules/directory/staff.entity'
import { CustomerGroupEntity } from '../src/modules/group/customer-group.entity'
import { GroupMemberEntity } from '../src/modules/group/group-member.entity'
import { findGroupRecordLink } from '../src/modules/group/group-record'
import { importDemoRecords } from '../src/modules/record/import/demo-records'
import { WecomEventEntity } from '../src/modules/wecom-callback/wecom-event.entity'
import { databaseTargets, type TestDatabase } from './databases'
import { startSyncHarness, type SyncHarness } from './sync-harness'

describe.each(databaseTargets().map((t) => [t.name, t] as const))(
  'WeCom sync on %s',
  (_name, target) => {
    let database: TestDatabase
    let h: SyncHarness

    beforeEach(async () => {
      database = await target.create()
      h = await startSyncHarness(database.config)
    })

    afterEach(async () => {
      await h.close()
      await database.drop()
    })

    const repo = <T extends ObjectLiteral>(entity: EntitySchema<T>) =>
      h.app.dataSource.getRepository(entity)
    const butlerOf = () =>
      h.sim.state.members.find((m) => m.position?.includes('管家'))!.userid

    it('re-syncs the whole seeded corp: directory, customers, follows and groups', async () => {
      const report = await h.services.resync.run()
      const summary = h.sim.summary()
      expect(report).toMatchObject({
        members: summary.counts.members,
        follows: summary.counts.follows,
        groups: summary.counts.groups,
      })
      expect(await repo(StaffEntity).count()).toBe(summary.counts.members)
      expect(await repo(FollowEntity).count()).toBe(summary.counts.follows)
      expect(await repo(CustomerGroupEntity).count()).toBe(
        summary.counts.groups,
      )

      // The biggest group keeps all its members; long notices stay whole.
      const largest = await repo(CustomerGroupEntity).findOneOrFail({
        where: {},
        order: { memberCount: 'DESC' },
      })
      expect(largest.memberCount).toBe(summary.counts.largestGroup)
      expect(
        await repo(GroupMemberEntity).countBy({ chatId: largest.chatId }),
      ).toBe(summary.counts.largestGroup)
      const noticeLengths = h.sim.state.groups
        .filter((g) => !g.dismissed)
        .map((g) => g.notice.length)
      const storedNotices = (await repo(CustomerGroupEntity).find()).map(
        (g) => (g.notice ?? '').length,
      )
      expect(Math.max(...storedNotices)).toBe(Math.max(...noticeLengths))
      expect(Math.max(...storedNotices)).toBeGreaterThan(1000)

      // Regions, stores and roles come out of the tree and the positions.
      const staff = await repo(StaffEntity).find()
      expect(new Set(staff.map((s) => s.role))).toEqual(
        new Set([
          'butler',
          'front_desk',
          'doctor',
          'nurse',
          'region_admin',
          'store_manager',
          'head_office_ops',
        ]),
      )
      const groups = await repo(CustomerGroupEntity).find()
      expect(groups.some((g) => g.nameProblem === null && g.customerCode)).toBe(
        true,
      )
      expect(groups.some((g) => g.nameProblem !== null)).toBe(true)
    })

    it('stores a new customer with an emoji name, its follow and the welcome sent', async () => {
      const added = await h.sim.addCustomer({
        userid: butlerOf(),
        name: '豆豆妈🐶',
        state: 'online_consult',
      })
      expect(await h.drain()).toBe(1)

      const customer = await repo(CustomerEntity).findOneByOrFail({
        externalUserId: added.customer.externalUserId,
      })
      expect(customer.name).toBe('豆豆妈🐶')
      const follow = await repo(FollowEntity).findOneByOrFail({
        userId: butlerOf(),
        externalUserId: added.customer.externalUserId,
      })
      expect(follow).toMatchObject({
        state: 'online_consult',
        endedAt: null,
        welcomeStatus: 'sent',
      })
      expect(h.sim.sent.welcomeMessages).toEqual([
        expect.objectContaining({
          welcomeCode: added.welcomeCode,
          text: { content: h.app.config.welcome.default },
        }),
      ])
      const [event] = await repo(WecomEventEntity).find()
      expect(event!.status).toBe('done')
    })

    it('ends a follow on either side, recording who and when, and keeps the row', async () => {
      const butler = butlerOf()
      const a = await h.sim.addCustomer({ userid: butler })
      const b = await h.sim.addCustomer({ userid: butler })
      await h.drain()
      h.advance(60)
      await h.sim.deleteFollowUser({
        userid: butler,
        externalUserId: a.customer.externalUserId,
      })
      h.advance(60)
      await h.sim.deleteExternalContact({
        userid: butler,
        externalUserId: b.customer.externalUserId,
      })
      await h.drain()

      const follows = await repo(FollowEntity).findBy({
        externalUserId: In([
          a.customer.externalUserId,
          b.customer.externalUserId,
        ]),
      })
      const byCustomer = Object.fromEntries(
        follows.map((f) => [f.externalUserId as string, f]),
      )
      expect(byCustomer[a.customer.externalUserId]).toMatchObject({
        endedBy: 'customer',
        endedAt: expect.any(Number),
      })
      expect(byCustomer[b.customer.externalUserId]).toMatchObject({
        endedBy: 'member',
        endedAt: expect.any(Number),
      })
      expect(
        (byCustomer[b.customer.externalUserId]!.endedAt as number) -
          (byCustomer[a.customer.externalUserId]!.endedAt as number),
      ).toBe(60)
    })

    it('follows a group through create, rename, members leaving and dismissal', async () => {
      const butler = butlerOf()
      const customer = (await h.sim.addCustomer({ userid: butler })).customer
      const doctor = h.sim.state.members.find((m) =>
        m.position?.includes('医'),
      )!.userid
      const created = await h.sim.createGroupChat({
        owner: butler,
        name: 'C10023-Moco-发烧',
        members: [customer.externalUserId, doctor],
      })
      const chatId = created.group.chatId
      await h.drain()
      let group = await repo(CustomerGroupEntity).findOneByOrFail({ chatId })
      expect(group).toMatchObject({
        name: 'C10023-Moco-发烧',
        customerCode: 'C10023',
        petName: 'Moco',
        complaint: '发烧',
        nameProblem: null,
        memberCount: 3,
        missingRoles: 'front_desk,nurse',
      })

      h.advance(30)
      await h.sim.renameGroupChat(chatId, 'Moco家长群')
      h.advance(30)
      await h.sim.removeGroupMembers(chatId, [doctor], { quitScene: 1 })
      await h.drain()
      group = await repo(CustomerGroupEntity).findOneByOrFail({ chatId })
      expect(group).toMatchObject({
        name: 'Moco家长群',
        nameProblem: 'NO_CUSTOMER_ID',
        memberCount: 2,
        customerCode: null,
      })
      const doctorStay = await repo(GroupMemberEntity).findOneByOrFail({
        chatId,
        memberId: doctor,
      })
      expect(doctorStay).toMatchObject({
        quitScene: '1',
        leftAt: expect.any(Number),
      })

      h.advance(30)
      await h.sim.dismissGroupChat(chatId)
      await h.drain()
      group = await repo(CustomerGroupEntity).findOneByOrFail({ chatId })
      expect(group.dismissedAt).toEqual(expect.any(Number))
    })

    it('applies groups that share an unseen staff member in parallel without a duplicate-key failure', async () => {
      // Regression: two lanes read the same unknown member from WeCom and
      // both inserted it; MySQL refused the second insert.
      const butler = butlerOf()
      const nurse = h.sim.state.members.find((m) =>
        m.position?.includes('护士'),
      )!.userid
      const customer = (
        await h.sim.addCustomer({ userid: butler, welcomeCode: false })
      ).customer
      for (let i = 0; i < 6; i++) {
        await h.sim.createGroupChat({
          owner: butler,
          name: `C1000${i}-豆豆-复查`,
          members: [customer.externalUserId, nurse],
        })
      }
      await h.drain()
      const events = await repo(WecomEventEntity).find()
      expect(events.map((e) => e.status)).toEqual(events.map(() => 'done'))
      expect(await repo(StaffEntity).countBy({ userId: nurse })).toBe(1)
    })

    async function sendEvent(message: string): Promise<void> {
      const sealed = sealCallback(message, {
        url: h.app.callbackUrl,
        credentials: {
          token: DEMO_CORP.token,
          encodingAesKey: DEMO_CORP.encodingAesKey,
          receiveId: DEMO_CORP.corpId,
        },
      })
      expect(isAcknowledged(await postCallback(sealed))).toBe(true)
    }

    it('applies an edit, a half add and a failed transfer to the follow', async () => {
      const butler = butlerOf()
      const added = await h.sim.addCustomer({
        userid: butler,
        welcomeCode: false,
      })
      const key = {
        userid: butler,
        externalUserId: added.customer.externalUserId,
      }
      await h.drain()
      h.advance(30)
      await h.sim.editExternalContact({
        ...key,
        remark: '豆豆妈（VIP）',
        description: '对青霉素过敏',
      })
      await h.drain()
      const follows = repo(FollowEntity)
      const where = { userId: butler, externalUserId: key.externalUserId }
      expect(await follows.findOneByOrFail(where)).toMatchObject({
        remark: '豆豆妈（VIP）',
        description: '对青霉素过敏',
      })

      const now = Math.floor(Date.now() / 1000) + 120
      await sendEvent(
        externalContactXml({
          corpId: DEMO_CORP.corpId,
          changeType: 'transfer_fail',
          userId: butler,
          externalUserId: key.externalUserId,
          failReason: 'customer_refused',
          createTime: now,
        }),
      )
      await sendEvent(
        externalContactXml({
          corpId: DEMO_CORP.corpId,
          changeType: 'add_half_external_contact',
          userId: butler,
          externalUserId: key.externalUserId,
          createTime: now + 1,
        }),
      )
      await h.drain()
      expect(await follows.findOneByOrFail(where)).toMatchObject({
        transferFailReason: 'customer_refused',
        transferFailedAt: now,
        endedAt: null,
      })
    })

    it('builds the department tree: head office, regions and stores', async () => {
      const time = Math.floor(Date.now() / 1000)
      const party = (
        changeType: 'create_party' | 'update_party' | 'delete_party',
        id: string,
        name?: string,
        parentId?: string,
        offset = 0,
      ) =>
        sendEvent(
          departmentXml({
            corpId: DEMO_CORP.corpId,
            changeType,
            id,
            name,
            parentId,
            createTime: time + offset,
          }),
        )
      await party('create_party', '1', '安心宠物医疗集团')
      await party('create_party', '2', '总部', '1')
      await party('create_party', '30', '华东大区', '1')
      await party('create_party', '301', '上海徐汇店', '30')
      await party('update_party', '301', '上海徐汇旗舰店', undefined, 5)
      await party('create_party', '302', '上海浦东店', '30')
      await party('delete_party', '302', undefined, undefined, 9)
      await h.drain()
      const departments = await repo(DepartmentEntity).find({
        order: { id: 'ASC' },
      })
      expect(
        departments.map((d) => [d.id, d.name, d.kind, d.deletedAt === null]),
      ).toEqual([
        ['1', '安心宠物医疗集团', 'root', true],
        ['2', '总部', 'head_office', true],
        ['30', '华东大区', 'region', true],
        ['301', '上海徐汇旗舰店', 'store', true],
        ['302', '上海浦东店', 'store', false],
      ])
    })

    it('marks a member who left the corp, and stores tag events without rows', async () => {
      const nurse = h.sim.state.members.find((m) =>
        m.position?.includes('护士'),
      )!.userid
      await h.sim.updateMember(nurse, { name: '新名字' })
      await h.drain()
      h.advance(60)
      await h.sim.deleteMember(nurse)
      await sendEvent(
        externalTagXml({
          corpId: DEMO_CORP.corpId,
          changeType: 'shuffle',
          id: 'etGroup1',
        }),
      )
      await h.drain()
      expect(
        await repo(StaffEntity).findOneByOrFail({ userId: nurse }),
      ).toMatchObject({
        status: 5,
        deletedAt: expect.any(Date),
      })
      const statuses = (await repo(WecomEventEntity).find()).map(
        (e) => e.status,
      )
      expect(statuses).toEqual(statuses.map(() => 'done'))
    })

    it('links a rule-following group to its hospital customer and pet once the record has them', async () => {
      await h.services.resync.run()
      const named = h.sim.state.groups.find(
        (g) => !g.dismissed && /^C\d+-/.test(g.name),
      )!
      expect(
        await findGroupRecordLink(h.app.dataSource, named.chatId),
      ).toMatchObject({ customer: null, pet: null })

      await importDemoRecords(
        h.app.dataSource,
        pino({ level: 'silent' }),
        '2026-12-04',
      )
      const link = await findGroupRecordLink(h.app.dataSource, named.chatId)
      const owner = h.sim.state.customers.find((c) =>
        named.name.startsWith(c.customerNo),
      )!
      expect(link).toMatchObject({
        group: { chatId: named.chatId, nameProblem: null },
        customer: { id: owner.customerNo },
        pet: { name: owner.petName, customerId: owner.customerNo },
      })
    })

    it('keeps a staff member’s role true when their position changes', async () => {
      const nurse = h.sim.state.members.find((m) =>
        m.position?.includes('护士'),
      )!
      await h.sim.updateMember(nurse.userid, { position: '爱宠管家' })
      await h.drain()
      expect(
        await repo(StaffEntity).findOneByOrFail({ userId: nurse.userid }),
      ).toMatchObject({
        role: 'butler',
        position: '爱宠管家',
      })
    })

    it('rides out WeCom being busy, parks an event WeCom refuses, and replays it', async () => {
      h.sim.faults.inject({
        path: '/cgi-bin/externalcontact/get',
        errcode: -1,
        times: 2,
      })
      const first = await h.sim.addCustomer({
        userid: butlerOf(),
        welcomeCode: false,
      })
      expect(await h.drain()).toBe(1)
      expect(
        await repo(CustomerEntity).countBy({
          externalUserId: first.customer.externalUserId,
        }),
      ).toBe(1)

      h.sim.faults.inject({
        path: '/cgi-bin/externalcontact/get',
        errcode: 48002,
        times: 100,
      })
      const second = await h.sim.addCustomer({
        userid: butlerOf(),
        welcomeCode: false,
      })
      for (let attempt = 0; attempt < 3; attempt++) {
        await h.drain()
        h.advance(3600)
      }
      const events = repo(WecomEventEntity)
      const parked = await events.findOneByOrFail({
        externalUserId: second.customer.externalUserId,
      })
      expect(parked).toMatchObject({ status: 'parked', attempts: 3 })
      expect(parked.lastError).toContain('48002')

      h.sim.faults.clear()
      await h.services.queue.retry([parked.id])
      await h.drain()
      expect(await events.findOneByOrFail({ id: parked.id })).toMatchObject({
        status: 'done',
      })
      expect(
        await repo(CustomerEntity).countBy({
          externalUserId: second.customer.externalUserId,
        }),
      ).toBe(1)
    })
  },
)
