/**
 * `pnpm wecom:send <command> [options]`: sends one signed, encrypted WeCom
 * callback to a running server, as WeCom would.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEMO_CORP } from '../demo-corp'
import {
  departmentXml,
  externalChatXml,
  externalContactXml,
  externalTagXml,
  staffXml,
} from '../event-xml'
import { isAcknowledged, postCallback, sealCallback } from '../send'

const USAGE = `Usage: pnpm wecom:send <command> [options]

Customers (change_external_contact):
  add-contact       --user <member> --external <id> [--state <channel>] [--welcome-code <code>]
  add-half-contact  --user <member> --external <id> [--state <channel>]
  edit-contact      --user <member> --external <id>
  del-contact       --user <member> --external <id> [--source DELETE_BY_TRANSFER]
  del-follow        --user <member> --external <id>
  transfer-fail     --user <member> --external <id> [--reason customer_refused]
Customer groups (change_external_chat):
  chat-create       --chat <id>
  chat-update       --chat <id> --detail add_member|del_member|change_owner|change_name|change_notice
                    [--members <id,id>] [--join-scene 0|3] [--quit-scene 0|1]
  chat-dismiss      --chat <id>
Staff and departments (change_contact):
  user-create|user-update|user-delete  --user <member> [--name <name>] [--department 1,2] [--new-user <id>]
  party-create|party-update|party-delete  --id <department> [--name <name>] [--parent <id>]
Customer tags (change_external_tag):
  tag-create|tag-update|tag-delete|tag-shuffle  --id <tag id> [--tag-type tag|tag_group]
Anything else:
  raw --file <message.xml>      encrypts and sends the file's decrypted message as is

Options:
  --url <url>       callback URL (default http://127.0.0.1:$PORT/wecom/callback, PORT 3000)
  --time <seconds>  the event's CreateTime (default now)
  --repeat <n>      deliver the same request n times, as WeCom's retries do (default 1)
  --print           print the decrypted message instead of sending it
Credentials come from WECOM_CORP_ID, WECOM_TOKEN, WECOM_ENCODING_AES_KEY and
WECOM_AGENT_ID, or the built-in demo corp when none is set.`

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    user: { type: 'string' },
    external: { type: 'string' },
    state: { type: 'string' },
    'welcome-code': { type: 'string' },
    source: { type: 'string' },
    reason: { type: 'string' },
    chat: { type: 'string' },
    detail: { type: 'string' },
    members: { type: 'string' },
    'join-scene': { type: 'string' },
    'quit-scene': { type: 'string' },
    name: { type: 'string' },
    department: { type: 'string' },
    'new-user': { type: 'string' },
    id: { type: 'string' },
    parent: { type: 'string' },
    'tag-type': { type: 'string' },
    file: { type: 'string' },
    url: { type: 'string' },
    time: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    print: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})

function fail(message: string): never {
  process.stderr.write(`${message} (see --help)\n`)
  process.exit(2)
}

function need(name: keyof typeof values): string {
  const value = values[name]
  if (typeof value !== 'string' || value === '') {
    fail(`--${name} is required for this command`)
  }
  return value
}

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

/** The same `.env` the server reads, so both sign with the same corp. */
const DOT_ENV = resolve(__dirname, '../../../../.env')

const CHAT_DETAILS = [
  'add_member',
  'del_member',
  'change_owner',
  'change_name',
  'change_notice',
]

function chatDetail(): string {
  const detail = need('detail')
  if (!CHAT_DETAILS.includes(detail)) {
    fail(`--detail must be one of ${CHAT_DETAILS.join(', ')}`)
  }
  return detail
}

function readMessageFile(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    fail(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    )
  }
}

function credentials() {
  if (existsSync(DOT_ENV)) {
    process.loadEnvFile(DOT_ENV)
  }
  const env = process.env
  const anySet = [
    env.WECOM_CORP_ID,
    env.WECOM_TOKEN,
    env.WECOM_ENCODING_AES_KEY,
  ].some(Boolean)
  if (!anySet) {
    return { ...DEMO_CORP }
  }
  return {
    corpId: env.WECOM_CORP_ID ?? fail('WECOM_CORP_ID is not set'),
    token: env.WECOM_TOKEN ?? fail('WECOM_TOKEN is not set'),
    encodingAesKey:
      env.WECOM_ENCODING_AES_KEY ?? fail('WECOM_ENCODING_AES_KEY is not set'),
    agentId: env.WECOM_AGENT_ID ?? '',
  }
}

function buildMessage(command: string, corpId: string): string {
  const createTime = values.time === undefined ? undefined : Number(values.time)
  if (createTime !== undefined && !Number.isInteger(createTime)) {
    fail('--time must be Unix seconds')
  }
  const contact = (
    changeType: Parameters<typeof externalContactXml>[0]['changeType'],
  ) =>
    externalContactXml({
      corpId,
      changeType,
      userId: need('user'),
      externalUserId: need('external'),
      state: values.state,
      welcomeCode: values['welcome-code'],
      source: values.source,
      failReason: values.reason,
      createTime,
    })

  switch (command) {
    case 'add-contact':
      return contact('add_external_contact')
    case 'add-half-contact':
      return contact('add_half_external_contact')
    case 'edit-contact':
      return contact('edit_external_contact')
    case 'del-contact':
      return contact('del_external_contact')
    case 'del-follow':
      return contact('del_follow_user')
    case 'transfer-fail':
      values.reason ??= 'customer_refused'
      return contact('transfer_fail')
    case 'chat-create':
    case 'chat-update':
    case 'chat-dismiss':
      return externalChatXml({
        corpId,
        chatId: need('chat'),
        changeType: command.slice('chat-'.length) as 'create',
        updateDetail: command === 'chat-update' ? chatDetail() : undefined,
        members: list(values.members),
        joinScene: values['join-scene'],
        quitScene: values['quit-scene'],
        createTime,
      })
    case 'user-create':
    case 'user-update':
    case 'user-delete':
      return staffXml({
        corpId,
        changeType: `${command.slice('user-'.length)}_user` as 'create_user',
        userId: need('user'),
        newUserId: values['new-user'],
        name: values.name,
        departments: list(values.department),
        createTime,
      })
    case 'party-create':
    case 'party-update':
    case 'party-delete':
      return departmentXml({
        corpId,
        changeType: `${command.slice('party-'.length)}_party` as 'create_party',
        id: need('id'),
        name: values.name,
        parentId: values.parent,
        createTime,
      })
    case 'tag-create':
    case 'tag-update':
    case 'tag-delete':
    case 'tag-shuffle':
      return externalTagXml({
        corpId,
        changeType: command.slice('tag-'.length) as 'create',
        id: need('id'),
        tagType: values['tag-type'] === 'tag_group' ? 'tag_group' : 'tag',
        createTime,
      })
    case 'raw':
      return readMessageFile(need('file'))
    default:
      fail(`unknown command: ${command}`)
  }
}

async function main(): Promise<void> {
  const command = positionals[0]
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const corp = credentials()
  const message = buildMessage(command, corp.corpId)
  if (values.print) {
    process.stdout.write(`${message}\n`)
    return
  }

  const repeat = Number(values.repeat)
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 100) {
    fail('--repeat must be 1 to 100')
  }
  const sealed = sealCallback(message, {
    url: callbackUrl(),
    credentials: {
      token: corp.token,
      encodingAesKey: corp.encodingAesKey,
      receiveId: corp.corpId,
    },
    agentId: corp.agentId,
  })

  let failures = 0
  for (let attempt = 1; attempt <= repeat; attempt++) {
    const result = await postCallback(sealed)
    const ok = isAcknowledged(result)
    failures += ok ? 0 : 1
    process.stdout.write(
      `${command} → ${result.status} ${result.body}${repeat > 1 ? ` (delivery ${attempt})` : ''}\n`,
    )
  }
  process.exitCode = failures === 0 ? 0 : 1
}

/**
 * `--url`, else the server's own default: PORT from the environment or the
 * `.env` the server reads (loaded by `credentials()`), else 3000.
 */
function callbackUrl(): string {
  return (
    values.url ??
    `http://127.0.0.1:${process.env.PORT ?? '3000'}/wecom/callback`
  )
}

main().catch((error: unknown) => {
  // fetch() wraps every connection failure in a TypeError with a cause.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  if (error instanceof TypeError && cause) {
    process.stderr.write(
      `could not reach ${callbackUrl()} (${cause.code ?? cause.message}): ` +
        'is the server running? Start it with `pnpm start`; if it runs ' +
        'with PORT set, set the same PORT here (PORT=3001 pnpm wecom:send …) ' +
        'or pass --url\n',
    )
  } else {
    process.stderr.write(`send failed: ${String(error)}\n`)
  }
  process.exit(1)
})
