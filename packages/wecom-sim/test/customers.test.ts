import type { WecomSimulator } from '../src'
import { startSim, type SimApi, type WecomBody } from './helpers'

let sim: WecomSimulator
let api: SimApi

beforeAll(async () => {
  ;({ sim, api } = await startSim({ seed: 7 }))
})
afterAll(() => sim.close())

function memberWithRole(role: string) {
  return sim.state.members.find((member) => member.role === role)!
}

describe('GET /cgi-bin/externalcontact/get_follow_user_list', () => {
  it('lists the members with customer contact, not head office or region managers', async () => {
    const body = await api.get('externalcontact/get_follow_user_list')
    const expected = sim.state.members
      .filter(
        (member) =>
          !['operations', 'region_manager', 'store_manager'].includes(
            member.role,
          ),
      )
      .map((member) => member.userid)
    expect(body.follow_user).toEqual(expected)
    expect(
      sim.state.members.filter((m) => m.role === 'region_manager').length,
    ).toBeGreaterThanOrEqual(3)
  })
})

describe('GET /cgi-bin/externalcontact/list', () => {
  it("lists a butler's customers", async () => {
    const butler = memberWithRole('butler')
    const body = await api.get('externalcontact/list', {
      userid: butler.userid,
    })
    const expected = sim.directory
      .followsOfMember(butler.userid)
      .map((follow) => follow.externalUserId)
    expect(expected.length).toBeGreaterThan(0)
    expect(body).toMatchObject({ errcode: 0, external_userid: expected })
  })

  it('answers 84061 for a member without customers', async () => {
    for (const role of ['nurse', 'operations']) {
      const member = memberWithRole(role)
      const body = await api.get('externalcontact/list', {
        userid: member.userid,
      })
      expect(body).toMatchObject({
        errcode: 84061,
        errmsg: 'not external contact',
      })
    }
  })

  it('answers 60111 for an unknown member', async () => {
    const body = await api.get('externalcontact/list', { userid: 'Nobody' })
    expect(body.errcode).toBe(60111)
  })
})

describe('GET /cgi-bin/externalcontact/get', () => {
  it('returns the customer and each follow, tags named', async () => {
    const follow = sim.state.follows.find((f) => f.tagIds.length > 1)!
    const body = await api.get('externalcontact/get', {
      external_userid: follow.externalUserId,
    })
    const customer = sim.directory.customer(follow.externalUserId)!
    expect(body.external_contact).toMatchObject({
      external_userid: customer.externalUserId,
      name: customer.name,
      type: 1,
    })
    const followUsers = body.follow_user as Record<string, unknown>[]
    const mine = followUsers.find((f) => f.userid === follow.userid)!
    expect(mine).toMatchObject({
      remark: follow.remark,
      createtime: follow.createtime,
      add_way: follow.addWay,
    })
    expect(mine.tags).toContainEqual(
      expect.objectContaining({ group_name: '宠物类型', type: 1 }),
    )
    expect(body.next_cursor).toBeUndefined()
  })

  it('round-trips nicknames with emoji byte for byte', async () => {
    const withEmoji = sim.state.customers.filter((c) =>
      /\p{Extended_Pictographic}/u.test(c.name),
    )
    expect(withEmoji.length).toBeGreaterThan(5)
    for (const customer of withEmoji.slice(0, 5)) {
      const body = await api.get('externalcontact/get', {
        external_userid: customer.externalUserId,
      })
      const contact = body.external_contact as { name: string }
      expect(contact.name).toBe(customer.name)
    }
  })

  it('pages follow_user with next_cursor', async () => {
    const paged = await startSim({ seed: 7, followUserPageSize: 1 })
    try {
      const customer = paged.sim.state.customers.find(
        (c) =>
          paged.sim.directory.followsOfCustomer(c.externalUserId).length > 1,
      )!
      const seen: string[] = []
      let cursor = ''
      do {
        const body: WecomBody = await paged.api.get('externalcontact/get', {
          external_userid: customer.externalUserId,
          cursor,
        })
        const page = body.follow_user as { userid: string }[]
        expect(page).toHaveLength(1)
        seen.push(page[0]!.userid)
        cursor = String(body.next_cursor ?? '')
      } while (cursor)
      const expected = paged.sim.directory
        .followsOfCustomer(customer.externalUserId)
        .map((follow) => follow.userid)
      expect(seen).toEqual(expected)
    } finally {
      await paged.sim.close()
    }
  })

  it('answers 84061 for an unknown customer and 40096 for a malformed id', async () => {
    const unknown = await api.get('externalcontact/get', {
      external_userid: 'wmAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    })
    expect(unknown.errcode).toBe(84061)
    const malformed = await api.get('externalcontact/get', {
      external_userid: 'not-an-id',
    })
    expect(malformed.errcode).toBe(40096)
  })
})

describe('POST /cgi-bin/externalcontact/batch/get_by_user', () => {
  it('walks every page to the seed count of follows', async () => {
    const userids = (
      (await api.get('externalcontact/get_follow_user_list'))
        .follow_user as string[]
    ).slice(0, 100)
    const items: { follow_info: { userid: string; tag_id: string[] } }[] = []
    let cursor = ''
    let pages = 0
    do {
      const body = await api.post('externalcontact/batch/get_by_user', {
        userid_list: userids,
        cursor,
        limit: 37,
      })
      expect(body.errcode).toBe(0)
      items.push(...(body.external_contact_list as typeof items))
      cursor = String(body.next_cursor)
      pages++
    } while (cursor)

    const expected = sim.state.follows.filter((f) => userids.includes(f.userid))
    expect(items).toHaveLength(expected.length)
    expect(pages).toBe(Math.ceil(expected.length / 37))
    expect(items.every((item) => Array.isArray(item.follow_info.tag_id))).toBe(
      true,
    )
  })

  it('refuses a limit over 100 and unknown members', async () => {
    const butler = memberWithRole('butler').userid
    const overLimit = await api.post('externalcontact/batch/get_by_user', {
      userid_list: [butler],
      limit: 101,
    })
    expect(overLimit.errcode).toBe(40058)
    const unknown = await api.post('externalcontact/batch/get_by_user', {
      userid_list: [butler, 'Nobody'],
    })
    expect(unknown.errcode).toBe(40031)
  })

  it('answers 50100 for a cursor from another endpoint', async () => {
    const groups = await api.post('externalcontact/groupchat/list', {
      limit: 1,
    })
    const body = await api.post('externalcontact/batch/get_by_user', {
      userid_list: [memberWithRole('butler').userid],
      cursor: groups.next_cursor,
    })
    expect(body.errcode).toBe(50100)
  })
})

describe('POST /cgi-bin/externalcontact/get_corp_tag_list', () => {
  it('returns every tag group, or only the ones asked for', async () => {
    const all = await api.post('externalcontact/get_corp_tag_list', {})
    const groups = all.tag_group as { group_id: string; group_name: string }[]
    expect(groups.map((group) => group.group_name)).toContain('宠物类型')
    expect(groups).toHaveLength(sim.state.tagGroups.length)

    const one = await api.post('externalcontact/get_corp_tag_list', {
      group_id: [groups[1]!.group_id],
    })
    expect(one.tag_group).toEqual([groups[1]])
  })
})
