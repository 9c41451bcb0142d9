import { computeSignature } from '@petcare/wecom'
import { XMLValidator } from 'fast-xml-parser'
import {
  DEMO_CORP,
  externalContactXml,
  isAcknowledged,
  postCallback,
  sealCallback,
  type SealedCallback,
} from '@petcare/wecom-sim'
import {
  loadCallbackVectors,
  type CallbackVector,
} from '@petcare/wecom/test/vectors'
import { databaseTargets, type TestDatabase } from './databases'
import { startTestApp, type TestApp } from './test-app'

const vectors = loadCallbackVectors()
const demoCredentials = {
  token: DEMO_CORP.token,
  encodingAesKey: DEMO_CORP.encodingAesKey,
  receiveId: DEMO_CORP.corpId,
}

function envFor(vector: CallbackVector): Record<string, string> {
  return {
    WECOM_CORP_ID: vector.receiveId,
    WECOM_TOKEN: vector.token,
    WECOM_ENCODING_AES_KEY: vector.encodingAesKey,
    WECOM_AGENT_ID: '1000030',
    // The vectors were signed in 2025; their timestamps are long past.
    WECOM_CALLBACK_MAX_AGE: '0',
  }
}

function vectorUrl(app: TestApp, vector: CallbackVector): string {
  const query = new URLSearchParams({
    msg_signature: vector.msgSignature,
    timestamp: vector.timestamp,
    nonce: vector.nonce,
  })
  return `${app.callbackUrl}?${query}`
}

function seal(app: TestApp, message: string): SealedCallback {
  return sealCallback(message, {
    url: app.callbackUrl,
    credentials: demoCredentials,
    agentId: DEMO_CORP.agentId,
  })
}

function addContact(
  overrides: Partial<Parameters<typeof externalContactXml>[0]> = {},
) {
  return externalContactXml({
    corpId: DEMO_CORP.corpId,
    changeType: 'add_external_contact',
    userId: 'ZhangWei',
    externalUserId: 'wmDemoCustomer001',
    createTime: 1796400000,
    ...overrides,
  })
}

describe.each(databaseTargets().map((t) => [t.name, t] as const))(
  '/wecom/callback on %s',
  (_name, target) => {
    let database: TestDatabase
    let app: TestApp

    beforeEach(async () => {
      database = await target.create()
    })

    afterEach(async () => {
      await app?.close()
      await database.drop()
    })

    describe('GET (URL verification)', () => {
      it.each(
        vectors
          .filter((v) => v.kind === 'url-verify')
          .map((v) => [v.name, v] as const),
      )(
        'answers %s with the decrypted echostr and nothing else',
        async (_name, vector) => {
          app = await startTestApp({
            database: database.config,
            env: envFor(vector),
          })
          const echostr =
            vector.echostrQueryEncoded ?? encodeURIComponent(vector.encrypt)
          const response = await fetch(
            `${vectorUrl(app, vector)}&echostr=${echostr}`,
          )
          expect(response.status).toBe(200)
          expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
          expect(await response.text()).toBe(vector.echostrPlain)
        },
      )

      it('refuses an echostr whose signature does not match', async () => {
        const vector = vectors.find((v) => v.name === 'gen-url-verify')!
        app = await startTestApp({
          database: database.config,
          env: envFor(vector),
        })
        const url = vectorUrl(app, { ...vector, msgSignature: '0'.repeat(40) })
        const response = await fetch(
          `${url}&echostr=${vector.echostrQueryEncoded}`,
        )
        expect(response.status).toBe(401)
        expect(await response.json()).toMatchObject({
          error: { code: 'WECOM_SIGNATURE_INVALID' },
        })
      })

      it('refuses an echostr sealed for another corp', async () => {
        const vector = vectors.find((v) => v.name === 'gen-url-verify')!
        app = await startTestApp({
          database: database.config,
          env: { ...envFor(vector), WECOM_CORP_ID: 'wwsomeoneelse' },
        })
        const response = await fetch(
          `${vectorUrl(app, vector)}&echostr=${vector.echostrQueryEncoded}`,
        )
        expect(response.status).toBe(403)
      })
    })

    describe('POST (events)', () => {
      // A self-built app always has a corp id, so the empty receive id of a
      // personal-entity provider cannot be configured (the package tests it).
      const eventVectors = vectors.filter(
        (v) =>
          v.kind === 'event' &&
          v.expect === 'ok' &&
          v.postBody &&
          v.receiveId !== '' &&
          v.name !== 'gen-empty-message',
      )

      it.each(eventVectors.map((v) => [v.name, v] as const))(
        'stores %s and answers success',
        async (_name, vector) => {
          app = await startTestApp({
            database: database.config,
            env: envFor(vector),
          })
          const result = await postCallback({
            url: vectorUrl(app, vector),
            body: vector.postBody!,
          })
          expect(result).toEqual({ status: 200, body: 'success' })

          const [row, ...rest] = await app.events()
          expect(rest).toHaveLength(0)
          const message = vector.plaintextXml ?? vector.plaintext ?? ''
          expect(row).toMatchObject({
            corpId: vector.receiveId,
            payloadXml: message,
            status: 'pending',
            attempts: 0,
          })
          expect(row!.receivedAt).toBeInstanceOf(Date)
        },
      )

      it('stores the ids, type and time an add names', async () => {
        app = await startTestApp({ database: database.config })
        const sent = seal(
          app,
          addContact({ state: 'front_desk', welcomeCode: 'WC1' }),
        )
        expect(isAcknowledged(await postCallback(sent))).toBe(true)
        expect(await app.events()).toEqual([
          expect.objectContaining({
            corpId: DEMO_CORP.corpId,
            agentId: DEMO_CORP.agentId,
            event: 'change_external_contact',
            changeType: 'add_external_contact',
            kind: 'external_contact',
            userId: 'ZhangWei',
            externalUserId: 'wmDemoCustomer001',
            chatId: null,
            createTime: 1796400000,
            dedupeKey: expect.stringMatching(/^[0-9a-f]{64}$/),
          }),
        ])
      })

      it('stores a retried delivery once and acknowledges every copy', async () => {
        app = await startTestApp({ database: database.config })
        const sent = seal(app, addContact())
        for (let i = 0; i < 3; i++) {
          expect(await postCallback(sent)).toEqual({
            status: 200,
            body: 'success',
          })
        }
        // WeCom may also re-encrypt the same event with a new nonce.
        expect(
          isAcknowledged(await postCallback(seal(app, addContact()))),
        ).toBe(true)
        expect(await app.events()).toHaveLength(1)
      })

      it('stores concurrent copies of one event once', async () => {
        app = await startTestApp({ database: database.config })
        const sent = seal(app, addContact())
        const results = await Promise.all(
          Array.from({ length: 25 }, () => postCallback(sent)),
        )
        expect(results.every(isAcknowledged)).toBe(true)
        expect(await app.events()).toHaveLength(1)
      })

      it('keeps two customers added by one member in the same second apart', async () => {
        app = await startTestApp({ database: database.config })
        const first = seal(app, addContact({ externalUserId: 'wmCustomerA' }))
        const second = seal(app, addContact({ externalUserId: 'wmCustomerB' }))
        const results = await Promise.all([
          postCallback(first),
          postCallback(second),
        ])
        expect(results.every(isAcknowledged)).toBe(true)
        const stored = (await app.events())
          .map((row) => row.externalUserId)
          .sort()
        expect(stored).toEqual(['wmCustomerA', 'wmCustomerB'])
      })

      it('stores many concurrent different events, each once', async () => {
        app = await startTestApp({ database: database.config })
        const sends = Array.from({ length: 120 }, (_, i) =>
          seal(
            app,
            addContact({
              externalUserId: `wmBulk${String(i).padStart(4, '0')}`,
            }),
          ),
        )
        const results = await Promise.all(
          [...sends, ...sends.slice(0, 30)].map((sent) => postCallback(sent)),
        )
        expect(results.every(isAcknowledged)).toBe(true)
        expect(await app.events()).toHaveLength(120)
      })

      it('keeps ids with leading zeros or more than 16 digits exactly', async () => {
        app = await startTestApp({ database: database.config })
        const userId = '000123'
        const externalUserId = '12345678901234567890123'
        await postCallback(seal(app, addContact({ userId, externalUserId })))
        expect(await app.events()).toEqual([
          expect.objectContaining({ userId, externalUserId }),
        ])
      })

      it('round-trips Chinese and emoji through the database', async () => {
        app = await startTestApp({ database: database.config })
        const message = addContact({
          state: '门店-朝阳🐶🐱',
          externalUserId: 'wm小白🐾',
        })
        expect(isAcknowledged(await postCallback(seal(app, message)))).toBe(
          true,
        )
        const [row] = await app.events()
        expect(row!.payloadXml).toBe(message)
        expect(row!.externalUserId).toBe('wm小白🐾')
      })

      it('keeps an event it does not know, as unknown', async () => {
        app = await startTestApp({ database: database.config })
        const message =
          `<xml><ToUserName><![CDATA[${DEMO_CORP.corpId}]]></ToUserName><FromUserName>sys</FromUserName>` +
          '<CreateTime>1796400000</CreateTime><MsgType>event</MsgType>' +
          '<Event>brand_new_event</Event><ChangeType>something</ChangeType></xml>'
        expect(isAcknowledged(await postCallback(seal(app, message)))).toBe(
          true,
        )
        expect(await app.events()).toEqual([
          expect.objectContaining({
            kind: 'unknown',
            event: 'brand_new_event',
            changeType: 'something',
          }),
        ])
      })
    })

    describe('POST refusals', () => {
      const addVector = vectors.find(
        (v) => v.name === 'gen-event-add-external-contact',
      )!

      async function expectRefused(
        url: string,
        body: string,
        status: number,
        code: string,
      ): Promise<void> {
        const response = await fetch(url, { method: 'POST', body })
        const text = await response.text()
        expect({ status: response.status, text }).toEqual({
          status,
          text: expect.stringContaining(`"code":"${code}"`),
        })
        expect(text).not.toMatch(/success| {4}at |\.ts:\d+/)
        expect(text).not.toContain(app.config.wecom.encodingAesKey)
        expect(await app.events()).toHaveLength(0)
      }

      it.each([
        [
          'a tampered signature',
          'gen-tampered-signature',
          401,
          'WECOM_SIGNATURE_INVALID',
        ],
        [
          'a wrong receive id',
          'gen-wrong-receiveid',
          403,
          'WECOM_RECEIVE_ID_MISMATCH',
        ],
        ['bad padding', 'gen-bad-padding-byte', 400, 'WECOM_DECRYPT_FAILED'],
        [
          'another EncodingAESKey',
          'gen-wrong-encodingaeskey',
          400,
          'WECOM_DECRYPT_FAILED',
        ],
      ])('refuses %s and stores nothing', async (_case, name, status, code) => {
        const vector = vectors.find((v) => v.name === name)!
        app = await startTestApp({
          database: database.config,
          env: envFor(vector),
        })
        const body =
          vector.postBody ??
          `<xml><Encrypt><![CDATA[${vector.encrypt}]]></Encrypt></xml>`
        await expectRefused(vectorUrl(app, vector), body, status, code)
      })

      it('refuses truncated base64', async () => {
        app = await startTestApp({
          database: database.config,
          env: envFor(addVector),
        })
        const encrypt = addVector.encrypt.slice(0, -5)
        // Re-sign, so the base64 itself is what fails.
        const msgSignature = computeSignature(
          addVector.token,
          addVector.timestamp,
          addVector.nonce,
          encrypt,
        )
        const url = vectorUrl(app, { ...addVector, msgSignature })
        await expectRefused(
          url,
          `<xml><Encrypt>${encrypt}</Encrypt></xml>`,
          400,
          'WECOM_DECRYPT_FAILED',
        )
      })

      /** The vector's query, re-signed over `encrypt`, so only the XML is wrong. */
      function signedUrl(encrypt: string): string {
        const msgSignature = computeSignature(
          addVector.token,
          addVector.timestamp,
          addVector.nonce,
          encrypt,
        )
        return vectorUrl(app, { ...addVector, msgSignature })
      }

      it.each([
        [
          'a DOCTYPE',
          '<!DOCTYPE xml [<!ELEMENT xml ANY>]><xml><Encrypt>abc</Encrypt></xml>',
        ],
        [
          'an entity',
          '<!DOCTYPE x [<!ENTITY big "aaaa">]><xml><Encrypt>&big;</Encrypt></xml>',
        ],
        ['no Encrypt', '<xml><ToUserName>ww</ToUserName></xml>'],
        ['broken XML', '<xml><Encrypt>abc</xml'],
        ['an empty body', ''],
        [
          'nesting deeper than the parser allows',
          `<xml><Encrypt>abc</Encrypt>${'<a>'.repeat(300)}x${'</a>'.repeat(300)}</xml>`,
        ],
        [
          'an element named __proto__ or constructor',
          '<xml><constructor>1</constructor><__proto__>2</__proto__><Encrypt>abc</Encrypt></xml>',
        ],
        [
          'two different Encrypt elements',
          '<xml><Encrypt>abc</Encrypt><Encrypt>def</Encrypt></xml>',
        ],
      ])('refuses a signed envelope with %s', async (_case, body) => {
        // Regression: deep nesting and prototype names made the parser throw
        // a plain Error, answered 500 with a stack trace in the log.
        app = await startTestApp({
          database: database.config,
          env: envFor(addVector),
        })
        await expectRefused(signedUrl('abc'), body, 400, 'WECOM_XML_INVALID')
        expect(app.logs()).not.toMatch(/"level":50/)
      })

      it('checks the signature before parsing, so unsigned junk costs no parse', async () => {
        // Regression: 1 MiB of unsigned XML took ~300 ms of parsing each,
        // and a few a second starved the real callbacks past WeCom's 5 s.
        app = await startTestApp({
          database: database.config,
          env: envFor(addVector),
        })
        const parse = jest.spyOn(XMLValidator, 'validate')
        const junk = `<xml><Encrypt>abc</Encrypt>${'<a/>'.repeat(40_000)}</xml>`
        await expectRefused(
          vectorUrl(app, addVector),
          junk,
          401,
          'WECOM_SIGNATURE_INVALID',
        )
        expect(parse).not.toHaveBeenCalled()

        // The spy does see the parse of a signed envelope.
        const result = await postCallback({
          url: vectorUrl(app, addVector),
          body: addVector.postBody!,
        })
        expect(isAcknowledged(result)).toBe(true)
        expect(parse).toHaveBeenCalled()
        parse.mockRestore()
      })

      it('refuses an authentic message that is empty, not XML', async () => {
        const vector = vectors.find((v) => v.name === 'gen-empty-message')!
        app = await startTestApp({
          database: database.config,
          env: envFor(vector),
        })
        await expectRefused(
          vectorUrl(app, vector),
          vector.postBody!,
          400,
          'WECOM_XML_INVALID',
        )
      })

      it('refuses a signed message whose inner XML declares entities', async () => {
        app = await startTestApp({ database: database.config })
        const inner =
          '<!DOCTYPE x [<!ENTITY a "b">]><xml><MsgType>event</MsgType></xml>'
        const sent = seal(app, inner)
        await expectRefused(sent.url, sent.body, 400, 'WECOM_XML_INVALID')
      })

      it('stores an authentic message whose text mentions <!DOCTYPE', async () => {
        // Regression: the declaration filter ran over CDATA too, so such a
        // message was refused on every retry and lost.
        app = await startTestApp({ database: database.config })
        const message =
          `<xml><ToUserName><![CDATA[${DEMO_CORP.corpId}]]></ToUserName>` +
          '<FromUserName><![CDATA[ZhangWei]]></FromUserName><CreateTime>1796400000</CreateTime>' +
          '<MsgType><![CDATA[text]]></MsgType>' +
          '<Content><![CDATA[页面报错 <!DOCTYPE html> 和 <!ENTITY x>]]></Content></xml>'
        expect(isAcknowledged(await postCallback(seal(app, message)))).toBe(
          true,
        )
        expect((await app.events())[0]!.payloadXml).toBe(message)
      })

      it('stores the configured agent id, never the unsigned envelope’s', async () => {
        app = await startTestApp({ database: database.config })
        const sent = seal(app, addContact())
        const forged = sent.body.replace(
          `<AgentID><![CDATA[${DEMO_CORP.agentId}]]></AgentID>`,
          '<AgentID><![CDATA[666]]></AgentID>',
        )
        expect(forged).not.toBe(sent.body)
        expect(
          isAcknowledged(await postCallback({ ...sent, body: forged })),
        ).toBe(true)
        expect((await app.events())[0]!.agentId).toBe(DEMO_CORP.agentId)
      })

      it('refuses a body over the limit with 413', async () => {
        app = await startTestApp({
          database: database.config,
          env: envFor(addVector),
        })
        const body = `<xml><Encrypt>${'A'.repeat(256 * 1024 + 10)}</Encrypt></xml>`
        await expectRefused(
          vectorUrl(app, addVector),
          body,
          413,
          'PAYLOAD_TOO_LARGE',
        )
      })

      it.each(['msg_signature', 'timestamp', 'nonce'])(
        'refuses a request without %s',
        async (param) => {
          app = await startTestApp({
            database: database.config,
            env: envFor(addVector),
          })
          const url = new URL(vectorUrl(app, addVector))
          url.searchParams.delete(param)
          await expectRefused(
            url.toString(),
            addVector.postBody!,
            400,
            'VALIDATION_FAILED',
          )
        },
      )

      it('refuses a timestamp older than WECOM_CALLBACK_MAX_AGE', async () => {
        const now = Date.UTC(2026, 11, 4, 8, 0, 0)
        app = await startTestApp({
          database: database.config,
          env: { WECOM_CALLBACK_MAX_AGE: '300' },
          now: () => now,
        })
        const stale = sealCallback(addContact(), {
          url: app.callbackUrl,
          credentials: demoCredentials,
          timestamp: String(now / 1000 - 301),
        })
        await expectRefused(
          stale.url,
          stale.body,
          401,
          'WECOM_TIMESTAMP_EXPIRED',
        )

        const fresh = sealCallback(addContact(), {
          url: app.callbackUrl,
          credentials: demoCredentials,
          timestamp: String(now / 1000 - 299),
        })
        expect(isAcknowledged(await postCallback(fresh))).toBe(true)
      })

      it('accepts any timestamp when WECOM_CALLBACK_MAX_AGE is 0', async () => {
        app = await startTestApp({
          database: database.config,
          env: envFor(addVector),
        })
        const result = await postCallback({
          url: vectorUrl(app, addVector),
          body: addVector.postBody!,
        })
        expect(isAcknowledged(result)).toBe(true)
      })
    })

    describe('when the database fails', () => {
      it('answers 503, never success, and WeCom’s retry then lands once', async () => {
        app = await startTestApp({ database: database.config })
        const sent = seal(app, addContact())
        await app.dataSource.destroy()

        const down = await postCallback(sent)
        expect(down.status).toBe(503)
        expect(down.body).toContain('DATABASE_UNAVAILABLE')
        expect(down.body).not.toContain('success')
        const ready = await fetch(`${app.url}/readyz`)
        expect(ready.status).toBe(503)

        await app.dataSource.initialize()
        expect(await app.events()).toHaveLength(0)
        expect(isAcknowledged(await postCallback(sent))).toBe(true)
        expect(await app.events()).toHaveLength(1)
      })
    })

    describe('logging', () => {
      it('writes no query parameters or payload when a write fails', async () => {
        // Regression: the 503's error line carried the database error whole,
        // with the INSERT's parameters: the decrypted XML and customer ids.
        app = await startTestApp({ database: database.config })
        await app.dataSource.query('DROP TABLE wecom_event')
        const sent = seal(app, addContact({ externalUserId: 'wmLeakCanary77' }))
        expect((await postCallback(sent)).status).toBe(503)
        const logs = app.logs()
        expect(logs).toContain('"code":"DATABASE_UNAVAILABLE"')
        expect(logs).toContain('wecom_event')
        for (const secret of ['wmLeakCanary77', '<xml>', 'CDATA', 'ZhangWei']) {
          expect(logs).not.toContain(secret)
        }
      })

      it('writes no decrypted content, key or welcome code at info level', async () => {
        app = await startTestApp({ database: database.config })
        await postCallback(
          seal(
            app,
            addContact({ welcomeCode: 'SecretWelcome42', state: 'front_desk' }),
          ),
        )
        await fetch(`${app.callbackUrl}?msg_signature=x&timestamp=1&nonce=1`, {
          method: 'POST',
          body: '<xml><Encrypt>abcd</Encrypt></xml>',
        })
        const logs = app.logs()
        expect(logs).toContain('"changeType":"add_external_contact"')
        expect(logs).toContain('"route":"wecom.callback.receive"')
        expect(logs).toContain('"reqId"')
        for (const secret of [
          'SecretWelcome42',
          'wmDemoCustomer001',
          '<xml>',
          DEMO_CORP.encodingAesKey,
          DEMO_CORP.token,
        ]) {
          expect(logs).not.toContain(secret)
        }
      })
    })
  },
)
