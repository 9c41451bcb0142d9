/**
 * The customer-moment calls against the WeCom simulator, over HTTP. The
 * simulator depends on this package, so it is reached by path here rather
 * than as a dependency: only this test needs it.
 */
import { createWecomSimulator, type WecomSimulator } from '../../wecom-sim/src'
import { MemoryTokenStore, WecomApiError, WecomClient } from '../src'

describe('WecomClient customer moments', () => {
  let sim: WecomSimulator
  let client: WecomClient

  beforeEach(async () => {
    sim = await createWecomSimulator()
    client = new WecomClient({
      corpId: sim.corp.corpId,
      secret: sim.corp.secret,
      apiBase: sim.url,
      tokenStore: new MemoryTokenStore(),
    })
  })

  afterEach(async () => {
    await sim.close()
  })

  it('creates a task and follows it until WeCom names the moment', async () => {
    const region = sim.state.departments.find((d) => d.kind === 'region')!
    const { jobId } = await client.addMomentTask({
      text: { content: '秋季疫苗接种月，预约立减 50 元' },
      attachments: [
        {
          msgtype: 'link',
          link: { title: '预约', url: 'https://example.com/vaccine' },
        },
      ],
      visible_range: {
        sender_list: { department_list: [Number(region.id)] },
      },
    })
    expect(jobId).toMatch(/^job/)
    expect(sim.sent.moments[0]).toMatchObject({
      jobid: jobId,
      task: {
        visible_range: {
          sender_list: { department_list: [Number(region.id)] },
        },
      },
    })

    expect(await client.getMomentTaskResult(jobId)).toEqual({
      status: 'running',
    })
    const done = await client.getMomentTaskResult(jobId)
    expect(done).toEqual({
      status: 'done',
      momentId: expect.stringMatching(/^mom/),
      invalid: { userIds: [], departmentIds: [], tagIds: [] },
    })
  })

  it('reports a task WeCom finished with an errcode as failed, with what was invalid', async () => {
    const { jobId } = await client.addMomentTask({
      text: { content: 'x' },
      visible_range: {
        sender_list: { user_list: ['nobody'], department_list: [9999] },
      },
    })
    await client.getMomentTaskResult(jobId)
    expect(await client.getMomentTaskResult(jobId)).toEqual({
      status: 'failed',
      errcode: 60123,
      errmsg: expect.any(String),
      invalid: { userIds: ['nobody'], departmentIds: [9999], tagIds: [] },
    })
  })

  it('throws the errcode of a refused task, and of an unknown jobid', async () => {
    const refused = client.addMomentTask({ text: { content: '' } })
    await expect(refused).rejects.toBeInstanceOf(WecomApiError)
    await expect(refused).rejects.toMatchObject({ errcode: 41089 })
    expect(sim.sent.moments).toHaveLength(0)

    await expect(
      client.getMomentTaskResult('jobUnknown'),
    ).rejects.toMatchObject({
      api: 'externalcontact/get_moment_task_result',
      errcode: 40088,
    })
  })
})
