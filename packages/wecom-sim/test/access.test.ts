import type { WecomSimulator } from '../src'
import { admin, manualClock, startSim, type SimApi } from './helpers'

describe('GET /cgi-bin/gettoken', () => {
  let sim: WecomSimulator
  let api: SimApi

  beforeAll(async () => {
    ;({ sim, api } = await startSim())
  })
  afterAll(() => sim.close())

  it('issues a token for the corp id and secret, valid 7200 seconds', async () => {
    const body = await api.gettoken()
    expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 })
    expect(body.access_token).toEqual(expect.any(String))
  })

  it('hands back the same token while it is valid', async () => {
    const first = await api.gettoken()
    const second = await api.gettoken()
    expect(second.access_token).toBe(first.access_token)
  })

  it('answers 40013 for a wrong corp id and 40001 for a wrong secret', async () => {
    expect((await api.gettoken('wwnotthecorp')).errcode).toBe(40013)
    expect((await api.gettoken(undefined, 'wrong-secret')).errcode).toBe(40001)
  })

  it('answers 41002 and 41004 when a parameter is missing', async () => {
    expect((await api.raw('gettoken')).errcode).toBe(41002)
    const noSecret = await api.raw('gettoken', {
      query: { corpid: sim.corp.corpId },
    })
    expect(noSecret.errcode).toBe(41004)
  })
})

describe('access_token on API calls', () => {
  it('answers 41001 without a token and 40014 for an unknown one', async () => {
    const { sim, api } = await startSim()
    try {
      const query = { userid: sim.state.members[0]!.userid }
      expect((await api.raw('user/get', { query })).errcode).toBe(41001)
      const unknown = await api.raw('user/get', {
        query: { ...query, access_token: 'not-a-token' },
      })
      expect(unknown.errcode).toBe(40014)
    } finally {
      await sim.close()
    }
  })

  it('answers 42001 once the token expired, and a new token works', async () => {
    const clock = manualClock()
    const { sim, api } = await startSim({ now: clock.now })
    try {
      const old = String((await api.gettoken()).access_token)
      clock.advance(7200 * 1000)
      const query = { access_token: old }
      const expired = await api.raw('externalcontact/get_follow_user_list', {
        query,
      })
      expect(expired).toMatchObject({ errcode: 42001 })

      const fresh = String((await api.gettoken()).access_token)
      expect(fresh).not.toBe(old)
      const ok = await api.raw('externalcontact/get_follow_user_list', {
        query: { access_token: fresh },
      })
      expect(ok.errcode).toBe(0)
    } finally {
      await sim.close()
    }
  })

  it('expires tokens on the wall clock with a short lifetime', async () => {
    const { sim, api } = await startSim({ tokenLifetimeSeconds: 1 })
    try {
      const body = await api.gettoken()
      expect(body.expires_in).toBe(1)
      await new Promise((resolve) => setTimeout(resolve, 1100))
      const late = await api.raw('department/list', {
        query: { access_token: String(body.access_token) },
      })
      expect(late.errcode).toBe(42001)
    } finally {
      await sim.close()
    }
  })

  it('answers 40014 for a token revoked early', async () => {
    const { sim, api } = await startSim()
    try {
      await api.get('department/list')
      expect((await admin(sim, 'POST', '/sim/tokens/revoke')).status).toBe(200)
      expect((await api.get('department/list')).errcode).toBe(40014)
    } finally {
      await sim.close()
    }
  })
})

describe('frequency limits', () => {
  it('answers 45009 past the per-minute budget, for a minute', async () => {
    const clock = manualClock()
    const { sim, api } = await startSim({
      now: clock.now,
      requestsPerMinute: 5,
    })
    try {
      for (let i = 0; i < 5; i++) {
        expect((await api.get('department/list')).errcode).toBe(0)
      }
      expect((await api.get('department/list')).errcode).toBe(45009)
      clock.advance(30_000)
      expect((await api.get('department/list')).errcode).toBe(45009)
      clock.advance(31_000)
      expect((await api.get('department/list')).errcode).toBe(0)
    } finally {
      await sim.close()
    }
  })

  it('does not meter auth/getuserinfo with a valid code', async () => {
    const { sim, api } = await startSim({ requestsPerMinute: 1 })
    try {
      const userid = sim.state.members[0]!.userid
      for (let i = 0; i < 3; i++) {
        const code = sim.issueOAuthCode(userid)
        const body = await api.get('auth/getuserinfo', { code })
        expect(body).toMatchObject({ errcode: 0, userid })
      }
    } finally {
      await sim.close()
    }
  })
})

describe('fault injection', () => {
  let sim: WecomSimulator
  let api: SimApi

  beforeAll(async () => {
    ;({ sim, api } = await startSim())
  })
  afterEach(() => sim.faults.clear())
  afterAll(() => sim.close())

  it('makes the next N calls to an endpoint answer -1, then recovers', async () => {
    sim.faults.inject({ path: 'department/list', errcode: -1, times: 2 })
    expect((await api.get('department/list')).errcode).toBe(-1)
    expect(
      (await api.get('externalcontact/get_follow_user_list')).errcode,
    ).toBe(0)
    expect((await api.get('department/list')).errcode).toBe(-1)
    expect((await api.get('department/list')).errcode).toBe(0)
  })

  it('answers 45033 on every endpoint when no path is given', async () => {
    sim.faults.inject({ errcode: 45033, times: 2 })
    expect((await api.get('department/list')).errcode).toBe(45033)
    const body = await api.post('externalcontact/get_corp_tag_list', {})
    expect(body).toMatchObject({
      errcode: 45033,
      errmsg: 'api concurrent out of limit',
    })
  })

  it('delays answers by the given milliseconds', async () => {
    sim.faults.inject({ path: '/cgi-bin/department/list', delayMs: 300 })
    const started = Date.now()
    const body = await api.get('department/list')
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(body.errcode).toBe(0)
  })

  it('takes faults over the admin API too', async () => {
    const added = await admin(sim, 'POST', '/sim/faults', {
      path: 'externalcontact/get_follow_user_list',
      errcode: -1,
    })
    expect(added).toEqual({ status: 200, body: { pending: 1 } })
    const body = await api.get('externalcontact/get_follow_user_list')
    expect(body.errcode).toBe(-1)
    expect(sim.faults.pending()).toBe(0)
  })
})
