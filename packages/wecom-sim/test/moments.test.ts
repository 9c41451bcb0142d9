import { manualClock, startSim } from './helpers'

const clock = manualClock()

describe('POST /cgi-bin/externalcontact/add_moment_task', () => {
  it('records the task under its jobid', async () => {
    const { sim, api } = await startSim()
    try {
      const region = sim.state.departments.find((d) => d.kind === 'region')!
      const task = {
        text: { content: '春季驱虫季，到店体检送驱虫药🐾' },
        attachments: [
          {
            msgtype: 'link',
            link: { title: '活动详情', url: 'https://example.com/spring' },
          },
        ],
        visible_range: {
          sender_list: { department_list: [Number(region.id)] },
        },
      }
      const body = await api.post('externalcontact/add_moment_task', task)
      expect(body).toMatchObject({
        errcode: 0,
        jobid: expect.stringMatching(/^job/),
      })
      expect(sim.sent.moments).toEqual([
        {
          jobid: body.jobid,
          task,
          createdAt: expect.any(Number),
          momentId: null,
        },
      ])
    } finally {
      await sim.close()
    }
  })

  it.each([
    [
      'text over 2000 characters',
      { text: { content: '汪'.repeat(2001) } },
      40058,
    ],
    ['no text and no attachment', { text: { content: '' } }, 41089],
    [
      'ten images',
      {
        attachments: Array.from({ length: 10 }, (_, i) => ({
          msgtype: 'image',
          image: { media_id: `m${i}` },
        })),
      },
      41064,
    ],
    [
      'two links',
      {
        attachments: [1, 2].map((i) => ({
          msgtype: 'link',
          link: { url: `https://example.com/${i}` },
        })),
      },
      41064,
    ],
    [
      'an image and a link together',
      {
        attachments: [
          { msgtype: 'image', image: { media_id: 'm1' } },
          { msgtype: 'link', link: { url: 'https://example.com' } },
        ],
      },
      41065,
    ],
    [
      'an unknown attachment type',
      { attachments: [{ msgtype: 'file', file: { media_id: 'm1' } }] },
      41065,
    ],
    [
      'a link without a url',
      { attachments: [{ msgtype: 'link', link: { title: 'x' } }] },
      40058,
    ],
    [
      'department ids that are not numbers',
      {
        text: { content: 'x' },
        visible_range: { sender_list: { department_list: ['two'] } },
      },
      40058,
    ],
  ])('refuses %s', async (_name, task, errcode) => {
    const { sim, api } = await startSim()
    try {
      const body = await api.post('externalcontact/add_moment_task', task)
      expect(body.errcode).toBe(errcode)
      expect(sim.sent.moments).toHaveLength(0)
    } finally {
      await sim.close()
    }
  })

  it('takes 2000 characters, emoji counted as one, and nine images', async () => {
    const { sim, api } = await startSim()
    try {
      const text = await api.post('externalcontact/add_moment_task', {
        text: { content: '🐶'.repeat(2000) },
      })
      expect(text.errcode).toBe(0)
      const images = await api.post('externalcontact/add_moment_task', {
        attachments: Array.from({ length: 9 }, (_, i) => ({
          msgtype: 'image',
          image: { media_id: `m${i}` },
        })),
      })
      expect(images.errcode).toBe(0)
      expect(sim.sent.moments).toHaveLength(2)
    } finally {
      await sim.close()
    }
  })
})

describe('GET /cgi-bin/externalcontact/get_moment_task_result', () => {
  it('answers running first, then done with the moment id', async () => {
    const { sim, api } = await startSim()
    try {
      const member = sim.state.members.find((m) => m.status === 1)!
      const { jobid } = await api.post('externalcontact/add_moment_task', {
        text: { content: '本周六会员日' },
        visible_range: {
          sender_list: { user_list: [member.userid], department_list: [1] },
        },
      })
      const first = await api.get('externalcontact/get_moment_task_result', {
        jobid: String(jobid),
      })
      expect(first).toEqual({
        errcode: 0,
        errmsg: 'ok',
        status: 2,
        type: 'add_moment_task',
      })
      const second = await api.get('externalcontact/get_moment_task_result', {
        jobid: String(jobid),
      })
      expect(second).toMatchObject({
        errcode: 0,
        status: 3,
        type: 'add_moment_task',
        result: {
          errcode: 0,
          moment_id: expect.stringMatching(/^mom/),
          invalid_sender_list: { user_list: [], department_list: [] },
          invalid_external_contact_list: { tag_list: [] },
        },
      })
      const result = second.result as { moment_id: string }
      expect(sim.sent.moments[0]!.momentId).toBe(result.moment_id)
      const again = await api.get('externalcontact/get_moment_task_result', {
        jobid: String(jobid),
      })
      expect(again.result).toEqual(second.result)
    } finally {
      await sim.close()
    }
  })

  it('lists senders and tags that do not exist, and posts for the rest', async () => {
    const { sim, api } = await startSim()
    try {
      const tag = sim.state.tagGroups[0]!.tags[0]!
      const { jobid } = await api.post('externalcontact/add_moment_task', {
        text: { content: 'x' },
        visible_range: {
          sender_list: { user_list: ['nobody'], department_list: [2, 9999] },
          external_contact_list: { tag_list: [tag.id, 'etUnknown'] },
        },
      })
      const query = { jobid: String(jobid) }
      await api.get('externalcontact/get_moment_task_result', query)
      const done = await api.get(
        'externalcontact/get_moment_task_result',
        query,
      )
      expect(done.result).toMatchObject({
        errcode: 0,
        moment_id: expect.any(String),
        invalid_sender_list: { user_list: ['nobody'], department_list: [9999] },
        invalid_external_contact_list: { tag_list: ['etUnknown'] },
      })
    } finally {
      await sim.close()
    }
  })

  it('ends a job whose senders all do not exist with an errcode', async () => {
    const { sim, api } = await startSim()
    try {
      const { jobid } = await api.post('externalcontact/add_moment_task', {
        text: { content: 'x' },
        visible_range: { sender_list: { department_list: [9999] } },
      })
      const query = { jobid: String(jobid) }
      await api.get('externalcontact/get_moment_task_result', query)
      const done = await api.get(
        'externalcontact/get_moment_task_result',
        query,
      )
      expect(done).toMatchObject({
        errcode: 0,
        status: 3,
        result: {
          errcode: 60123,
          invalid_sender_list: { department_list: [9999] },
        },
      })
      expect((done.result as { moment_id?: string }).moment_id).toBeUndefined()
      expect(sim.sent.moments[0]!.momentId).toBeNull()
    } finally {
      await sim.close()
    }
  })

  it('answers 40088 for an unknown jobid, and for one older than 24 hours', async () => {
    // A token that outlives the job, so the answer is about the job.
    const { sim, api } = await startSim({
      now: clock.now,
      tokenLifetimeSeconds: 2 * 86_400,
    })
    try {
      const unknown = await api.get('externalcontact/get_moment_task_result', {
        jobid: 'jobNotIssued',
      })
      expect(unknown.errcode).toBe(40088)
      const { jobid } = await api.post('externalcontact/add_moment_task', {
        text: { content: 'x' },
      })
      clock.advance(24 * 3600 * 1000 + 1)
      const old = await api.get('externalcontact/get_moment_task_result', {
        jobid: String(jobid),
      })
      expect(old.errcode).toBe(40088)
      const missing = await api.get('externalcontact/get_moment_task_result')
      expect(missing.errcode).toBe(40058)
    } finally {
      await sim.close()
    }
  })
})
