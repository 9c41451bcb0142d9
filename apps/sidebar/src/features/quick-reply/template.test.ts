/// <reference types="jest" />
import type { QuickReply } from '@petcare/shared'
import { quickReplyQuery, repliesIn } from './query'
import {
  chatMessageFor,
  clipboardTextFor,
  imageMessage,
  isSendableImage,
  missingVariables,
  templateSegments,
} from './template'

function reply(overrides: Partial<QuickReply>): QuickReply {
  return {
    id: 'q1',
    scope: 'head_office',
    category: '疫苗',
    title: '提醒',
    kind: 'text',
    content: '{{petName}}该打疫苗了',
    filled: '咪咪该打疫苗了',
    missing: [],
    link: null,
    imageUrl: null,
    ...overrides,
  }
}

describe('templateSegments', () => {
  it('marks what is still unfilled', () => {
    expect(
      templateSegments('您好，{{petName}}的疫苗 {{ dueDate }} 到期'),
    ).toEqual([
      { kind: 'text', text: '您好，' },
      { kind: 'missing', name: 'petName' },
      { kind: 'text', text: '的疫苗 ' },
      { kind: 'missing', name: 'dueDate' },
      { kind: 'text', text: ' 到期' },
    ])
    expect(templateSegments('全部填好了')).toEqual([
      { kind: 'text', text: '全部填好了' },
    ])
  })
})

describe('chatMessageFor', () => {
  it('sends a filled text as text', () => {
    expect(chatMessageFor(reply({}))).toEqual({
      msgtype: 'text',
      text: { content: '咪咪该打疫苗了' },
    })
  })

  it('sends a link as a news card', () => {
    const link = {
      url: 'https://x.example/a',
      title: 'T',
      desc: 'D',
      imgUrl: 'https://x.example/i.png',
    }
    expect(chatMessageFor(reply({ kind: 'link', link }))).toEqual({
      msgtype: 'news',
      news: { link: link.url, title: 'T', desc: 'D', imgUrl: link.imgUrl },
    })
  })

  it('holds back a link whose card still has a variable, wherever it is left', () => {
    // Regression (多多家长群, no record): the card title read
    // "{{petName}}的免费体检券" and was sent with the variable in it.
    const link = {
      url: 'https://x.example/a',
      title: '{{petName}}的免费体检券',
      desc: '{{hospital}}可用',
      imgUrl: 'https://x.example/i.png',
    }
    const card = reply({
      kind: 'link',
      link,
      filled: '送您一次体检',
      missing: [],
    })
    expect(missingVariables(card)).toEqual(['petName', 'hospital'])
    expect(chatMessageFor(card)).toBeNull()
    const inUrl = reply({
      kind: 'link',
      link: { ...link, title: 'T', desc: 'D', url: 'https://x/?p={{petName}}' },
    })
    expect(chatMessageFor(inUrl)).toBeNull()
    const named = reply({
      kind: 'link',
      link: { ...link, title: 'T', desc: 'D' },
      missing: ['customerName'],
    })
    expect(missingVariables(named)).toEqual(['customerName'])
    expect(chatMessageFor(named)).toBeNull()
  })

  it('sends a link card’s picture and address as absolute URLs', () => {
    const card = reply({
      kind: 'link',
      link: {
        url: '/offers/checkup',
        title: 'T',
        desc: 'D',
        imgUrl: '/sidebar/quick-replies/checkup.png',
      },
    })
    expect(chatMessageFor(card, 'https://crm.example/sidebar/?chat=x')).toEqual(
      {
        msgtype: 'news',
        news: {
          link: 'https://crm.example/offers/checkup',
          title: 'T',
          desc: 'D',
          imgUrl: 'https://crm.example/sidebar/quick-replies/checkup.png',
        },
      },
    )
  })

  it('refuses a text with a variable left, and an image', () => {
    const unfilled = reply({
      filled: '{{petName}}该打疫苗了',
      missing: ['petName'],
    })
    expect(chatMessageFor(unfilled)).toBeNull()
    expect(
      missingVariables(reply({ filled: '{{dueDate}}', missing: [] })),
    ).toEqual(['dueDate'])
    expect(
      chatMessageFor(reply({ kind: 'image', imageUrl: 'https://x/i.png' })),
    ).toBeNull()
    expect(
      clipboardTextFor(reply({ kind: 'image', imageUrl: 'https://x/i.png' })),
    ).toBe('https://x/i.png')
  })
})

describe('image replies', () => {
  it('sends an image with a URL through an upload, whatever its caption lacks', () => {
    const card = reply({
      kind: 'image',
      imageUrl: '/sidebar/quick-replies/card.png',
      filled: '{{petName}}的接种表',
      missing: ['petName'],
    })
    expect(isSendableImage(card)).toBe(true)
    expect(isSendableImage(reply({ kind: 'image', imageUrl: null }))).toBe(
      false,
    )
    expect(isSendableImage(reply({}))).toBe(false)
    expect(imageMessage('3abc')).toEqual({
      msgtype: 'image',
      image: { mediaid: '3abc' },
    })
  })

  it('copies the image’s link as an absolute URL', () => {
    const card = reply({
      kind: 'image',
      imageUrl: '/sidebar/quick-replies/card.png',
    })
    expect(clipboardTextFor(card, 'https://crm.example/sidebar/?chat=x')).toBe(
      'https://crm.example/sidebar/quick-replies/card.png',
    )
  })
})

describe('quickReplyQuery and repliesIn', () => {
  it('names the chat, the pet and the search', () => {
    expect(
      quickReplyQuery({ kind: 'contact', id: 'wm 1' }, 'P1', ' 疫苗 '),
    ).toBe('externalUserId=wm+1&petId=P1&q=%E7%96%AB%E8%8B%97')
    expect(quickReplyQuery({ kind: 'group', id: 'wr1' }, null, '')).toBe(
      'chatId=wr1',
    )
  })

  it('filters by category, or not at all', () => {
    const list = [reply({ id: 'a' }), reply({ id: 'b', category: '到院' })]
    expect(repliesIn(list, '到院').map((r) => r.id)).toEqual(['b'])
    expect(repliesIn(list, '')).toHaveLength(2)
  })
})
