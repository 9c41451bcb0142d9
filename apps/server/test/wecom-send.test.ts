import { execFile } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { DEMO_CORP } from '@petcare/wecom-sim'
import { databaseTargets, type TestDatabase } from './databases'
import { startTestApp, type TestApp } from './test-app'

const run = promisify(execFile)
const DEMO_ENV = {
  WECOM_CORP_ID: DEMO_CORP.corpId,
  WECOM_TOKEN: DEMO_CORP.token,
  WECOM_ENCODING_AES_KEY: DEMO_CORP.encodingAesKey,
  WECOM_AGENT_ID: DEMO_CORP.agentId,
}
const SIM_DIR = join(__dirname, '../../../packages/wecom-sim')

/** Runs `pnpm wecom:send` the way a person would, without pnpm's banner. */
async function send(args: string[], env: Record<string, string> = {}) {
  const tsx = join(SIM_DIR, 'node_modules/.bin/tsx')
  try {
    const { stdout } = await run(tsx, ['src/bin/send.ts', ...args], {
      cwd: SIM_DIR,
      // Explicit credentials, so a developer's own .env cannot leak in.
      env: { ...process.env, ...DEMO_ENV, ...env },
    })
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout + failed.stderr }
  }
}

describe('pnpm wecom:send', () => {
  const target = databaseTargets()[0]!
  let database: TestDatabase
  let app: TestApp

  beforeAll(async () => {
    database = await target.create()
    app = await startTestApp({ database: database.config })
  })

  afterAll(async () => {
    await app.close()
    await database.drop()
  })

  it.each([
    [
      [
        'add-contact',
        '--user',
        'ZhangWei',
        '--external',
        'wmCli001',
        '--state',
        'front_desk',
      ],
      'add_external_contact',
    ],
    [
      ['del-contact', '--user', 'ZhangWei', '--external', 'wmCli001'],
      'del_external_contact',
    ],
    [
      ['del-follow', '--user', 'ZhangWei', '--external', 'wmCli002'],
      'del_follow_user',
    ],
    [['chat-create', '--chat', 'wrCli001'], 'create'],
    [
      [
        'chat-update',
        '--chat',
        'wrCli001',
        '--detail',
        'add_member',
        '--members',
        'wmCli001,LiNa',
      ],
      'update',
    ],
    [['chat-dismiss', '--chat', 'wrCli001'], 'dismiss'],
    [
      [
        'user-create',
        '--user',
        'LiNa',
        '--name',
        '李娜',
        '--department',
        '2,3',
      ],
      'create_user',
    ],
    [['party-create', '--id', '9', '--name', '华东大区'], 'create_party'],
  ])('sends %j and the server stores it', async (args, changeType) => {
    const before = (await app.events()).length
    const result = await send([...args, '--url', app.callbackUrl])
    expect(result).toEqual({
      code: 0,
      stdout: expect.stringContaining('200 success'),
    })
    const events = await app.events()
    expect(events).toHaveLength(before + 1)
    expect(events.at(-1)!.changeType).toBe(changeType)
  })

  it('delivers a retried request once with --repeat', async () => {
    const before = (await app.events()).length
    const result = await send([
      'add-contact',
      '--user',
      'WangFang',
      '--external',
      'wmRetry',
      '--repeat',
      '3',
      '--url',
      app.callbackUrl,
    ])
    expect(result.stdout.match(/200 success/g)).toHaveLength(3)
    expect(await app.events()).toHaveLength(before + 1)
  })

  it('sends a raw XML file as is', async () => {
    const file = join(
      database.config.kind === 'sqlite' ? database.config.path : '/tmp',
      '..',
      'raw.xml',
    )
    const xml = `<xml><ToUserName>${DEMO_CORP.corpId}</ToUserName><MsgType>event</MsgType><Event>change_external_tag</Event><ChangeType>shuffle</ChangeType><Id>et1</Id><CreateTime>1796400000</CreateTime></xml>`
    writeFileSync(file, xml)
    const result = await send(['raw', '--file', file, '--url', app.callbackUrl])
    expect(result.code).toBe(0)
    expect((await app.events()).at(-1)!.payloadXml).toBe(xml)
  })

  it('exits non-zero and says why when the server refuses', async () => {
    const result = await send(
      [
        'add-contact',
        '--user',
        'ZhangWei',
        '--external',
        'wmX',
        '--url',
        app.callbackUrl,
      ],
      {
        WECOM_CORP_ID: DEMO_CORP.corpId,
        WECOM_TOKEN: 'SomeOtherToken',
        WECOM_ENCODING_AES_KEY: DEMO_CORP.encodingAesKey,
      },
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('401')
    expect(result.stdout).toContain('WECOM_SIGNATURE_INVALID')
  })

  it('explains a missing option', async () => {
    const result = await send(['add-contact', '--user', 'ZhangWei'])
    expect(result.code).toBe(2)
    expect(result.stdout).toContain('--external is required')
  })

  it('explains an unreachable server', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo
        probe.close(() => resolve(port))
      })
    })
    const url = `http://127.0.0.1:${closedPort}/wecom/callback`
    const result = await send(['chat-create', '--chat', 'wr1', '--url', url])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`could not reach ${url} (ECONNREFUSED)`)
    // The usual cause: the server runs on another PORT than the command.
    expect(result.stdout).toContain('set the same PORT here')
  })
})
