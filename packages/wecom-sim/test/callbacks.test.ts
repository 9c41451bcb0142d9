import type { WecomSimulator } from '../src'
import {
  openCallback,
  startCallbackReceiver,
  startSim,
  type SimApi,
} from './helpers'

describe('simulator actions send signed callbacks', () => {
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>
  let sim: WecomSimulator
  let api: SimApi

  beforeAll(async () => {
    receiver = await startCallbackReceiver()
    ;({ sim, api } = await startSim({ callbackUrl: receiver.url }))
  })
  afterAll(async () => {
    await sim.close()
    await receiver.close()
  })

  /** The last callback received, verified, decrypted and parsed. */
  function lastEvent() {
    return openCallback(sim.corp, receiver.received.at(-1)!)
  }

  const butler = () => sim.state.members.find((m) => m.role === 'butler')!

  it('addCustomer sends add_external_contact with State and WelcomeCode', async () => {
    const added = await sim.addCustomer({
      userid: butler().userid,
      name: '球球妈🐱',
      state: 'store_7_front_desk',
    })
    expect(added.delivery).toMatchObject({ outcome: 'delivered' })
    expect(lastEvent()).toMatchObject({
      kind: 'external_contact',
      changeType: 'add_external_contact',
      toUserName: sim.corp.corpId,
      userId: butler().userid,
      externalUserId: added.customer.externalUserId,
      state: 'store_7_front_desk',
      welcomeCode: added.welcomeCode,
    })

    const body = await api.get('externalcontact/get', {
      external_userid: added.customer.externalUserId,
    })
    expect(body.external_contact).toMatchObject({ name: '球球妈🐱' })
  })

  it('editExternalContact sends edit_external_contact', async () => {
    const follow = sim.state.follows[0]!
    await sim.editExternalContact({ ...follow, remark: 'C10001 豆豆 已复查' })
    expect(lastEvent()).toMatchObject({
      changeType: 'edit_external_contact',
      userId: follow.userid,
      externalUserId: follow.externalUserId,
    })
    expect(follow.remark).toBe('C10001 豆豆 已复查')
  })

  it('deleteFollowUser sends del_follow_user and keeps the one-way follow', async () => {
    // Some seeded customers removed their member already (the history).
    const follow = sim.state.follows.find((f) => !f.deletedByCustomer)!
    await sim.deleteFollowUser(follow)
    expect(lastEvent()).toMatchObject({ changeType: 'del_follow_user' })
    const body = await api.get('externalcontact/get', {
      external_userid: follow.externalUserId,
    })
    expect(body.errcode).toBe(0)
  })

  it('deleteExternalContact sends del_external_contact and ends the follow', async () => {
    const follow = sim.state.follows.find(
      (f) => sim.directory.followsOfCustomer(f.externalUserId).length === 1,
    )!
    await sim.deleteExternalContact({ ...follow, source: 'DELETE_BY_TRANSFER' })
    expect(lastEvent()).toMatchObject({
      changeType: 'del_external_contact',
      source: 'DELETE_BY_TRANSFER',
    })
    const body = await api.get('externalcontact/get', {
      external_userid: follow.externalUserId,
    })
    expect(body.errcode).toBe(84061)
  })

  it('group actions send create, update and dismiss', async () => {
    const owner = butler().userid
    const customer = sim.state.customers[0]!.externalUserId
    const { group } = await sim.createGroupChat({
      owner,
      name: 'C10999-豆豆-发烧',
      members: [customer],
    })
    expect(lastEvent()).toMatchObject({
      changeType: 'create',
      chatId: group.chatId,
    })

    await sim.renameGroupChat(group.chatId, 'C10999 豆豆 复查')
    expect(lastEvent()).toMatchObject({
      changeType: 'update',
      updateDetail: 'change_name',
    })

    const before = group.memberVersion
    const doctor = sim.state.members.find((m) => m.role === 'doctor')!.userid
    await sim.addGroupMembers(group.chatId, [doctor], { joinScene: 3 })
    expect(lastEvent()).toMatchObject({
      updateDetail: 'add_member',
      joinScene: '3',
      memChangeCount: 1,
      memChangeList: [doctor],
      lastMemVer: before,
      curMemVer: group.memberVersion,
    })

    await sim.removeGroupMembers(group.chatId, [customer], { quitScene: 1 })
    expect(lastEvent()).toMatchObject({
      updateDetail: 'del_member',
      quitScene: '1',
      memChangeList: [customer],
    })

    await sim.dismissGroupChat(group.chatId)
    expect(lastEvent()).toMatchObject({ changeType: 'dismiss' })
    const gone = await api.post('externalcontact/groupchat/get', {
      chat_id: group.chatId,
    })
    expect(gone.errcode).toBe(49008)
  })

  it('member actions send change_contact', async () => {
    const store = sim.state.departments.find((d) => d.kind === 'store')!
    await sim.createMember({
      userid: 'XuMing2026',
      name: '徐明',
      department: store.id,
      role: 'butler',
    })
    expect(lastEvent()).toMatchObject({
      kind: 'contact_user',
      changeType: 'create_user',
      userId: 'XuMing2026',
      name: '徐明',
      departments: [store.id],
      position: '爱宠管家',
    })

    await sim.updateMember('XuMing2026', { role: 'doctor' })
    expect(lastEvent()).toMatchObject({
      changeType: 'update_user',
      position: '医生',
    })

    await sim.deleteMember('XuMing2026')
    expect(lastEvent()).toMatchObject({ changeType: 'delete_user' })
    expect((await api.get('user/get', { userid: 'XuMing2026' })).errcode).toBe(
      60111,
    )
  })

  it('sends callbacks in the order the changes happened', async () => {
    const from = receiver.received.length
    const follows = sim.state.follows.slice(10, 14)
    await Promise.all(
      follows.map((follow) =>
        sim.editExternalContact({ ...follow, description: '顺序测试' }),
      ),
    )
    const events = receiver.received
      .slice(from)
      .map((callback) => openCallback(sim.corp, callback))
    expect(
      events.map((e) => 'externalUserId' in e && e.externalUserId),
    ).toEqual(follows.map((follow) => follow.externalUserId))
  })
})

describe('callback retries', () => {
  it('tries again until HTTP 200, three attempts at most', async () => {
    const answers = [500, 502, 200]
    const receiver = await startCallbackReceiver(() => answers.shift() ?? 500)
    const { sim } = await startSim({
      callbackUrl: receiver.url,
      callbackRetryDelayMs: 10,
    })
    try {
      const butler = sim.state.members.find((m) => m.role === 'butler')!
      const { delivery } = await sim.addCustomer({ userid: butler.userid })
      expect(delivery.outcome).toBe('delivered')
      expect(delivery.attempts.map((a) => a.status)).toEqual([500, 502, 200])
      // WeCom resends the same request, signature and all.
      const urls = new Set(receiver.received.map((r) => r.url))
      expect(urls.size).toBe(1)

      const failing = await sim.addCustomer({ userid: butler.userid })
      expect(failing.delivery.outcome).toBe('failed')
      expect(failing.delivery.attempts).toHaveLength(3)
    } finally {
      await sim.close()
      await receiver.close()
    }
  })

  it('records the failure when nothing listens', async () => {
    const closed = await startCallbackReceiver()
    await closed.close()
    const { sim } = await startSim({
      callbackUrl: closed.url,
      callbackRetryDelayMs: 10,
    })
    try {
      const butler = sim.state.members.find((m) => m.role === 'butler')!
      const { delivery } = await sim.addCustomer({ userid: butler.userid })
      expect(delivery.outcome).toBe('failed')
      expect(delivery.attempts).toEqual([
        expect.objectContaining({ status: null, error: 'ECONNREFUSED' }),
        expect.anything(),
        expect.anything(),
      ])
    } finally {
      await sim.close()
    }
  })

  it('only logs callbacks without a callback URL', async () => {
    const { sim } = await startSim()
    try {
      const butler = sim.state.members.find((m) => m.role === 'butler')!
      const { delivery } = await sim.addCustomer({ userid: butler.userid })
      expect(delivery).toMatchObject({
        outcome: 'skipped',
        attempts: [],
        changeType: 'add_external_contact',
      })
    } finally {
      await sim.close()
    }
  })
})
