import type { WecomSimulator } from '../src'
import {
  admin,
  openCallback,
  startCallbackReceiver,
  startSim,
  type SimApi,
} from './helpers'

let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>
let sim: WecomSimulator
let api: SimApi

beforeAll(async () => {
  receiver = await startCallbackReceiver()
  ;({ sim, api } = await startSim({ seed: 11, callbackUrl: receiver.url }))
})
afterAll(async () => {
  await sim.close()
  await receiver.close()
})

describe('GET /sim/state', () => {
  it('summarizes the corp, its hospitals and the callback log', async () => {
    const { status, body } = await admin(sim, 'GET', '/sim/state')
    expect(status).toBe(200)
    expect(body).toMatchObject({
      corp: { corpId: sim.corp.corpId, name: '安心宠物医疗集团' },
      counts: {
        members: sim.state.members.length,
        customers: sim.state.customers.length,
        follows: sim.state.follows.length,
      },
      callbacks: { url: receiver.url },
    })
    const regions = body.regions as { stores: { staff: object }[] }[]
    expect(regions[0]!.stores[0]!.staff).toHaveProperty('butler')
  })
})

describe('POST /sim/customers', () => {
  it('adds a customer to a member and sends add_external_contact', async () => {
    const butler = sim.state.members.find((m) => m.role === 'butler')!
    const { status, body } = await admin(sim, 'POST', '/sim/customers', {
      userid: butler.userid,
      name: '旺财爸🐕',
      state: 'online_consult',
    })
    expect(status).toBe(200)
    const customer = body.customer as { externalUserId: string }
    expect(body).toMatchObject({
      welcomeCode: expect.any(String),
      delivery: { outcome: 'delivered', changeType: 'add_external_contact' },
    })
    expect(openCallback(sim.corp, receiver.received.at(-1)!)).toMatchObject({
      externalUserId: customer.externalUserId,
      welcomeCode: body.welcomeCode,
    })

    const fetched = await api.get('externalcontact/get', {
      external_userid: customer.externalUserId,
    })
    expect(fetched.external_contact).toMatchObject({ name: '旺财爸🐕' })
  })

  it('answers 404 with an error code for an unknown member', async () => {
    const { status, body } = await admin(sim, 'POST', '/sim/customers', {
      userid: 'Nobody',
    })
    expect(status).toBe(404)
    expect(body).toEqual({
      error: { code: 'MEMBER_NOT_FOUND', message: 'no member Nobody' },
    })
  })
})

describe('DELETE /sim/members/:userid/customers/:externalUserId', () => {
  it('ends the follow; the member may then have no customers (84061)', async () => {
    const store = sim.state.departments.find((d) => d.kind === 'store')!
    await admin(sim, 'POST', '/sim/members', {
      userid: 'LinXue2099',
      name: '林雪',
      department: store.id,
      role: 'front_desk',
    })
    const added = await admin(sim, 'POST', '/sim/customers', {
      userid: 'LinXue2099',
    })
    const id = (added.body.customer as { externalUserId: string })
      .externalUserId
    const deleted = await admin(
      sim,
      'DELETE',
      `/sim/members/LinXue2099/customers/${id}`,
    )
    expect(deleted.body.delivery).toMatchObject({
      changeType: 'del_external_contact',
    })
    const body = await api.get('externalcontact/list', { userid: 'LinXue2099' })
    expect(body.errcode).toBe(84061)
  })
})

describe('/sim/groups', () => {
  it('creates, renames, grows and dismisses a group over HTTP', async () => {
    const butler = sim.state.members.find((m) => m.role === 'butler')!
    const customer = sim.state.customers[5]!.externalUserId
    const created = await admin(sim, 'POST', '/sim/groups', {
      owner: butler.userid,
      name: 'C10080+旺财+驱虫',
      members: [customer],
    })
    const chatId = (created.body.group as { chatId: string }).chatId

    const renamed = await admin(sim, 'PATCH', `/sim/groups/${chatId}`, {
      name: 'C10080＋旺财＋复查',
      notice: '术后第三天复查',
    })
    expect(renamed.body.deliveries).toEqual([
      expect.objectContaining({ changeType: 'update', outcome: 'delivered' }),
      expect.objectContaining({ changeType: 'update', outcome: 'delivered' }),
    ])

    const nurse = sim.state.members.find((m) => m.role === 'nurse')!.userid
    await admin(sim, 'POST', `/sim/groups/${chatId}/members`, { ids: [nurse] })
    await admin(sim, 'DELETE', `/sim/groups/${chatId}/members`, {
      ids: [nurse],
    })
    const dismissed = await admin(sim, 'DELETE', `/sim/groups/${chatId}`)
    expect(dismissed.body.delivery).toMatchObject({ changeType: 'dismiss' })

    const kinds = receiver.received
      .slice(-6)
      .map((callback) => openCallback(sim.corp, callback))
      .map((event) =>
        'updateDetail' in event ? event.updateDetail : event.changeType,
      )
    expect(kinds).toEqual([
      'create',
      'change_name',
      'change_notice',
      'add_member',
      'del_member',
      'dismiss',
    ])
  })
})

describe('POST /sim/oauth-codes', () => {
  it('issues a code auth/getuserinfo accepts once', async () => {
    const userid = sim.state.members[0]!.userid
    const { body } = await admin(sim, 'POST', '/sim/oauth-codes', { userid })
    const code = String(body.code)
    expect((await api.get('auth/getuserinfo', { code })).userid).toBe(userid)
  })
})

describe('routing', () => {
  it('answers 404 under /sim and 48002 under /cgi-bin', async () => {
    expect((await admin(sim, 'GET', '/sim/nothing')).status).toBe(404)
    expect((await api.get('nothing/here')).errcode).toBe(48002)
  })

  it('answers 40063 for a GET to a POST endpoint', async () => {
    const body = await api.get('externalcontact/groupchat/list')
    expect(body.errcode).toBe(40063)
  })
})
