import { manualClock, startSim } from './helpers'

const clock = manualClock()

describe('POST /cgi-bin/externalcontact/send_welcome_msg', () => {
  it('sends once per welcome code, and records what was sent', async () => {
    const { sim, api } = await startSim({ now: clock.now })
    try {
      const butler = sim.state.members.find((m) => m.role === 'butler')!
      const added = await sim.addCustomer({
        userid: butler.userid,
        name: '豆豆妈🐶',
        state: 'online_consult',
      })
      const body = {
        welcome_code: added.welcomeCode,
        text: { content: '您好，我是您的爱宠管家🐾' },
        attachments: [
          {
            msgtype: 'link',
            link: { title: '到院须知', url: 'https://example.com' },
          },
        ],
      }
      expect(await api.post('externalcontact/send_welcome_msg', body)).toEqual({
        errcode: 0,
        errmsg: 'ok',
      })
      expect(sim.sent.welcomeMessages).toEqual([
        expect.objectContaining({
          userid: butler.userid,
          externalUserId: added.customer.externalUserId,
          text: { content: '您好，我是您的爱宠管家🐾' },
          attachments: body.attachments,
        }),
      ])

      const again = await api.post('externalcontact/send_welcome_msg', body)
      expect(again).toMatchObject({ errcode: 41050 })
    } finally {
      await sim.close()
    }
  })

  it('answers 41050 after the code has expired (20 s)', async () => {
    const { sim, api } = await startSim({ now: clock.now })
    try {
      const butler = sim.state.members.find((m) => m.role === 'butler')!
      const { welcomeCode } = await sim.addCustomer({ userid: butler.userid })
      clock.advance(20_001)
      const late = await api.post('externalcontact/send_welcome_msg', {
        welcome_code: welcomeCode,
        text: { content: '欢迎' },
      })
      expect(late.errcode).toBe(41050)
      expect(sim.sent.welcomeMessages).toHaveLength(0)
    } finally {
      await sim.close()
    }
  })

  it('answers 44004 for an empty message without using the code up', async () => {
    const { sim, api } = await startSim({ welcomeCodeLifetimeSeconds: 60 })
    try {
      const butler = sim.state.members.find((m) => m.role === 'butler')!
      const { welcomeCode } = await sim.addCustomer({ userid: butler.userid })
      const empty = await api.post('externalcontact/send_welcome_msg', {
        welcome_code: welcomeCode,
      })
      expect(empty.errcode).toBe(44004)
      const sent = await api.post('externalcontact/send_welcome_msg', {
        welcome_code: welcomeCode,
        text: { content: '欢迎' },
      })
      expect(sent.errcode).toBe(0)
      const missing = await api.post('externalcontact/send_welcome_msg', {
        text: { content: '欢迎' },
      })
      expect(missing.errcode).toBe(41049)
    } finally {
      await sim.close()
    }
  })
})

describe('POST /cgi-bin/externalcontact/add_msg_template', () => {
  it('records the task and lists customers it cannot reach', async () => {
    const { sim, api } = await startSim()
    try {
      const follow = sim.state.follows[0]!
      const body = await api.post('externalcontact/add_msg_template', {
        chat_type: 'single',
        external_userid: [
          follow.externalUserId,
          'wmUnknownCustomer000000000000000',
        ],
        sender: follow.userid,
        text: { content: '本周六会员日，疫苗九折' },
      })
      expect(body).toMatchObject({
        errcode: 0,
        msgid: expect.stringMatching(/^msg/),
        fail_list: ['wmUnknownCustomer000000000000000'],
      })
      expect(sim.sent.messageTemplates[0]).toMatchObject({
        msgid: body.msgid,
        template: expect.objectContaining({ sender: follow.userid }),
      })
    } finally {
      await sim.close()
    }
  })
})

describe('jsapi tickets', () => {
  it('hands out the corp ticket and the app ticket, each stable', async () => {
    const { sim, api } = await startSim()
    try {
      const corp = await api.get('get_jsapi_ticket')
      const agent = await api.get('ticket/get', { type: 'agent_config' })
      expect(corp).toMatchObject({ errcode: 0, expires_in: 7200 })
      expect(agent.ticket).not.toBe(corp.ticket)
      expect((await api.get('get_jsapi_ticket')).ticket).toBe(corp.ticket)
      expect((await api.get('ticket/get')).errcode).toBe(40058)
    } finally {
      await sim.close()
    }
  })
})

describe('GET /cgi-bin/auth/getuserinfo', () => {
  it('names the member once per code; a used or old code is 40029', async () => {
    const { sim, api } = await startSim({ now: clock.now })
    try {
      const userid = sim.state.members[3]!.userid
      const code = sim.issueOAuthCode(userid)
      expect(await api.get('auth/getuserinfo', { code })).toEqual({
        errcode: 0,
        errmsg: 'ok',
        userid,
      })
      expect((await api.get('auth/getuserinfo', { code })).errcode).toBe(40029)

      const old = sim.issueOAuthCode(userid)
      clock.advance(5 * 60_000 + 1)
      expect((await api.get('auth/getuserinfo', { code: old })).errcode).toBe(
        40029,
      )
    } finally {
      await sim.close()
    }
  })

  it('answers with openid for someone outside the corp', async () => {
    const { sim, api } = await startSim()
    try {
      const code = sim.issueOAuthCode({ openid: 'oOutsider0001' })
      const body = await api.get('auth/getuserinfo', { code })
      expect(body).toMatchObject({ errcode: 0, openid: 'oOutsider0001' })
      expect(body.userid).toBeUndefined()
    } finally {
      await sim.close()
    }
  })
})
