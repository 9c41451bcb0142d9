import type { WecomSimulator } from '../src'
import { startSim, type SimApi } from './helpers'

let sim: WecomSimulator
let api: SimApi

beforeAll(async () => {
  ;({ sim, api } = await startSim({ seed: 3 }))
})
afterAll(() => sim.close())

interface Department {
  id: number
  name: string
  parentid: number
}

describe('GET /cgi-bin/department/list', () => {
  it('returns the tree: corp, head office, regions, hospitals', async () => {
    const body = await api.get('department/list')
    const departments = body.department as Department[]
    expect(departments[0]).toMatchObject({
      id: 1,
      name: '安心宠物医疗集团',
      parentid: 0,
    })
    expect(departments[1]).toMatchObject({ name: '总部', parentid: 1 })
    const regions = departments.filter((d) => d.name.endsWith('大区'))
    expect(regions.length).toBeGreaterThanOrEqual(3)
    for (const region of regions) {
      const stores = departments.filter((d) => d.parentid === region.id)
      expect(stores.length).toBeGreaterThanOrEqual(2)
      expect(stores.length).toBeLessThanOrEqual(4)
    }
  })

  it('returns a subtree with id, and 60123 for an unknown one', async () => {
    const region = sim.state.departments.find((d) => d.kind === 'region')!
    const body = await api.get('department/list', { id: region.id })
    const departments = body.department as Department[]
    expect(departments[0]!.id).toBe(Number(region.id))
    expect(
      departments.slice(1).every((d) => d.parentid === Number(region.id)),
    ).toBe(true)
    expect((await api.get('department/list', { id: '999' })).errcode).toBe(
      60123,
    )
  })
})

describe('GET /cgi-bin/user/list', () => {
  it("lists a hospital's staff, with every care role", async () => {
    const store = sim.state.departments.find((d) => d.kind === 'store')!
    const body = await api.get('user/list', { department_id: store.id })
    const positions = (body.userlist as { position: string }[]).map(
      (member) => member.position,
    )
    expect(positions).toEqual(
      expect.arrayContaining(['爱宠管家', '前台', '医生', '护士']),
    )
  })

  it('adds sub-departments with fetch_child=1', async () => {
    const body = await api.get('user/list', {
      department_id: '1',
      fetch_child: '1',
    })
    expect(body.userlist).toHaveLength(sim.state.members.length)
  })
})

describe('GET /cgi-bin/user/get', () => {
  it('returns a member with numeric department ids', async () => {
    const member = sim.state.members[0]!
    const body = await api.get('user/get', { userid: member.userid })
    expect(body).toMatchObject({
      errcode: 0,
      userid: member.userid,
      name: member.name,
      department: [Number(member.mainDepartment)],
      main_department: Number(member.mainDepartment),
      position: member.position,
    })
  })

  it('answers 60111 for an unknown userid', async () => {
    expect((await api.get('user/get', { userid: 'Nobody' })).errcode).toBe(
      60111,
    )
  })
})

describe('POST /cgi-bin/externalcontact/groupchat/list', () => {
  it('walks every page to the seed count of live groups', async () => {
    const seen: { chat_id: string; status: number }[] = []
    let cursor = ''
    do {
      const body = await api.post('externalcontact/groupchat/list', {
        status_filter: 0,
        cursor,
        limit: 40,
      })
      expect(body.errcode).toBe(0)
      seen.push(...(body.group_chat_list as typeof seen))
      cursor = String(body.next_cursor)
    } while (cursor)

    const live = sim.state.groups.filter((group) => !group.dismissed)
    expect(seen.map((row) => row.chat_id)).toEqual(live.map((g) => g.chatId))
    expect(live.length).toBeGreaterThan(140)
  })

  it('filters by owner', async () => {
    const owner = sim.state.groups[0]!.owner
    const body = await api.post('externalcontact/groupchat/list', {
      owner_filter: { userid_list: [owner] },
      limit: 1000,
    })
    const expected = sim.state.groups.filter(
      (group) => group.owner === owner && !group.dismissed,
    )
    expect(body.group_chat_list).toHaveLength(expected.length)
  })

  it.each([[0], [1001], [undefined]])(
    'answers 40058 for limit %p',
    async (limit) => {
      const body = await api.post('externalcontact/groupchat/list', { limit })
      expect(body.errcode).toBe(40058)
    },
  )
})

describe('POST /cgi-bin/externalcontact/groupchat/get', () => {
  it('returns a group of hundreds of members, with names on need_name', async () => {
    const big = sim.state.groups.find((group) => group.members.length > 200)!
    const body = await api.post('externalcontact/groupchat/get', {
      chat_id: big.chatId,
      need_name: 1,
    })
    const chat = body.group_chat as {
      owner: string
      member_list: { userid: string; type: number; name?: string }[]
      member_version: string
    }
    expect(chat.member_list).toHaveLength(big.members.length)
    expect(chat.member_list.filter((m) => m.type === 2).length).toBeGreaterThan(
      200,
    )
    expect(chat.member_list.every((m) => typeof m.name === 'string')).toBe(true)
    expect(chat.member_version).toMatch(/^[0-9a-f]{32}$/)

    const nameless = await api.post('externalcontact/groupchat/get', {
      chat_id: big.chatId,
    })
    const list = (nameless.group_chat as typeof chat).member_list
    expect(list.some((member) => 'name' in member)).toBe(false)
  })

  it("returns a customer's group: the customer, the butler and the care team", async () => {
    const group = sim.state.groups.find(
      (g) => !g.dismissed && g.members.length === 5,
    )!
    const body = await api.post('externalcontact/groupchat/get', {
      chat_id: group.chatId,
      need_name: 1,
    })
    const chat = body.group_chat as {
      name: string
      member_list: { type: number; invitor?: { userid: string } }[]
    }
    expect(chat.name).toBe(group.name)
    expect(chat.member_list.filter((m) => m.type === 2)).toHaveLength(1)
    expect(chat.member_list[1]!.invitor).toEqual({ userid: group.owner })
  })

  it('answers 49008 for a dismissed group and 40050 for an unknown one', async () => {
    const dismissed = sim.state.groups.find((group) => group.dismissed)!
    const gone = await api.post('externalcontact/groupchat/get', {
      chat_id: dismissed.chatId,
    })
    expect(gone.errcode).toBe(49008)
    const unknown = await api.post('externalcontact/groupchat/get', {
      chat_id: 'wrNotAGroup',
    })
    expect(unknown.errcode).toBe(40050)
  })
})
