import { CallbackCipher, parseEvent, type WecomEvent } from '../src'
import { expectedPlaintext, loadCallbackVectors } from './vectors'

const vectors = loadCallbackVectors()

function eventOf(name: string): WecomEvent {
  const vector = vectors.find((v) => v.name === name)
  if (!vector) {
    throw new Error(`no vector ${name}`)
  }
  const cipher = new CallbackCipher({
    token: vector.token,
    encodingAesKey: vector.encodingAesKey,
    receiveId: vector.receiveId,
  })
  const query = {
    msgSignature: vector.msgSignature,
    timestamp: vector.timestamp,
    nonce: vector.nonce,
  }
  const message = cipher.open(query, vector.encrypt)
  expect(message).toBe(expectedPlaintext(vector))
  return parseEvent(message)
}

describe('parseEvent', () => {
  it.each([
    [
      'gen-event-add-external-contact',
      'external_contact',
      'add_external_contact',
    ],
    [
      'gen-event-edit-external-contact',
      'external_contact',
      'edit_external_contact',
    ],
    [
      'gen-event-add-half-external-contact',
      'external_contact',
      'add_half_external_contact',
    ],
    [
      'gen-event-del-external-contact',
      'external_contact',
      'del_external_contact',
    ],
    ['gen-event-del-follow-user', 'external_contact', 'del_follow_user'],
    ['gen-event-transfer-fail', 'external_contact', 'transfer_fail'],
    ['gen-event-chat-create', 'external_chat', 'create'],
    ['gen-event-chat-add-member', 'external_chat', 'update'],
    ['gen-event-chat-del-member', 'external_chat', 'update'],
    ['gen-event-chat-change-owner', 'external_chat', 'update'],
    ['gen-event-chat-dismiss', 'external_chat', 'dismiss'],
    ['gen-event-tag-create', 'external_tag', 'create'],
    ['gen-event-contact-update-user', 'contact_user', 'update_user'],
  ])('reads %s as a %s event (%s)', (name, kind, changeType) => {
    const event = eventOf(name)
    expect(event.kind).toBe(kind)
    expect('changeType' in event && event.changeType).toBe(changeType)
    expect(event.createTime).toBeGreaterThan(1_600_000_000)
  })

  it('reads an add with its channel state and welcome code', () => {
    const event = eventOf('gen-event-add-external-contact')
    expect(event).toMatchObject({
      kind: 'external_contact',
      event: 'change_external_contact',
      userId: expect.any(String),
      externalUserId: expect.stringMatching(/^wm/),
    })
  })

  it('reads a member change with its member list as an array', () => {
    const event = eventOf('gen-event-chat-add-member')
    expect(event).toMatchObject({
      kind: 'external_chat',
      changeType: 'update',
      updateDetail: 'add_member',
      joinScene: '3',
      memChangeCount: 2,
      memChangeList: ['wmaAUH1uZaFfPK3omrZuYj67fKpoAmt9', 'LiNa'],
      curMemVer: '763ac4c8745ba0e665427a921560fdd9',
    })
  })

  it('reads a staff update with its departments split and Chinese kept', () => {
    expect(eventOf('gen-event-contact-update-user')).toMatchObject({
      kind: 'contact_user',
      userId: 'WangFang',
      newUserId: 'WangFang01',
      name: '王芳',
      departments: ['1', '5'],
      position: '客户经理',
    })
  })

  it('keeps a user text message as an unknown event', () => {
    expect(eventOf('official-qdg6ek-post-text')).toMatchObject({
      kind: 'unknown',
      msgType: 'text',
      agentId: '218',
      reason: 'not an event message',
    })
  })

  it('makes a one-member list an array, with or without CDATA', () => {
    const xml = (item: string) =>
      `<xml><ToUserName>ww1</ToUserName><FromUserName>sys</FromUserName>` +
      `<CreateTime>1735703000</CreateTime><MsgType>event</MsgType>` +
      `<Event>change_external_chat</Event><ChatId>wr1</ChatId>` +
      `<ChangeType>update</ChangeType><UpdateDetail>del_member</UpdateDetail>` +
      `<QuitScene>1</QuitScene><MemChangeList><Item>${item}</Item></MemChangeList></xml>`
    for (const item of ['wmOne', '<![CDATA[wmOne]]>']) {
      expect(parseEvent(xml(item))).toMatchObject({
        updateDetail: 'del_member',
        quitScene: '1',
        memChangeList: ['wmOne'],
      })
    }
  })

  it('gives an update with no member list an empty array', () => {
    const event = parseEvent(
      '<xml><MsgType>event</MsgType><Event>change_external_chat</Event>' +
        '<ChatId>wr1</ChatId><ChangeType>update</ChangeType>' +
        '<UpdateDetail>change_name</UpdateDetail><CreateTime>1</CreateTime></xml>',
    )
    expect(event).toMatchObject({
      updateDetail: 'change_name',
      memChangeList: [],
    })
  })

  it('keeps ids with leading zeros and more than 16 digits exactly', () => {
    const event = parseEvent(
      '<xml><MsgType>event</MsgType><Event>change_external_contact</Event>' +
        '<ChangeType>del_follow_user</ChangeType><CreateTime>1735703000</CreateTime>' +
        '<UserID>000123</UserID><ExternalUserID>12345678901234567890123</ExternalUserID></xml>',
    )
    expect(event).toMatchObject({
      userId: '000123',
      externalUserId: '12345678901234567890123',
    })
  })

  it.each([
    [
      'an add with no ExternalUserID',
      'change_external_contact',
      'add_external_contact',
      'missing ExternalUserID',
    ],
    [
      'a new external contact change type',
      'change_external_contact',
      'brand_new_change',
      'event or change type not handled',
    ],
    [
      'an event we do not handle',
      'enter_agent',
      '',
      'event or change type not handled',
    ],
  ])(
    'keeps %s as an unknown event with its reason',
    (_case, event, changeType, reason) => {
      const parsed = parseEvent(
        `<xml><MsgType>event</MsgType><Event>${event}</Event>` +
          `<ChangeType>${changeType}</ChangeType><UserID>ZhangWei</UserID>` +
          `<CreateTime>1735703000</CreateTime></xml>`,
      )
      expect(parsed).toMatchObject({ kind: 'unknown', reason })
    },
  )

  it('decodes the XML character entities and keeps CDATA text as written', () => {
    const event = parseEvent(
      '<xml><MsgType>event</MsgType><Event>change_contact</Event>' +
        '<ChangeType>create_party</ChangeType><Id>7</Id>' +
        '<Name>Pets &amp; Co &#x5BA0;</Name><CreateTime>1</CreateTime></xml>',
    )
    expect(event).toMatchObject({ kind: 'contact_party', name: 'Pets & Co 宠' })
  })

  it.each([
    ['a DOCTYPE', '<!DOCTYPE xml><xml><MsgType>event</MsgType></xml>'],
    ['an unclosed element', '<xml><MsgType>event</xml>'],
    ['an empty string', ''],
  ])('throws on a message with %s', (_case, message) => {
    expect(() => parseEvent(message)).toThrow(
      expect.objectContaining({ code: 'XML_INVALID' }),
    )
  })
})
