/// <reference types="jest" />
import type { FollowUpNote } from '@petcare/shared'
import { noteRequest, sortNotes } from './notes'

function note(id: string, overrides: Partial<FollowUpNote>): FollowUpNote {
  return {
    id,
    customerId: 'C1',
    externalUserId: 'wm1',
    petId: null,
    author: { userId: 'u', name: '张伟' },
    text: id,
    remindOn: null,
    doneAt: null,
    createdAt: '2026-06-01T00:00:00Z',
    ...overrides,
  }
}

describe('sortNotes', () => {
  it('lists open notes by reminder, undated ones next, done ones last', () => {
    const sorted = sortNotes([
      note('done-old', { doneAt: '2026-05-01T00:00:00Z' }),
      note('undated', {}),
      note('later', { remindOn: '2026-06-10' }),
      note('done-new', { doneAt: '2026-06-02T00:00:00Z' }),
      note('soon', { remindOn: '2026-06-05' }),
    ])
    expect(sorted.map((n) => n.id)).toEqual([
      'soon',
      'later',
      'undated',
      'done-new',
      'done-old',
    ])
  })
})

describe('noteRequest', () => {
  it('names the chat and leaves out what is empty', () => {
    expect(
      noteRequest({ kind: 'group', id: 'wr1' }, ' 回访 ', '', null),
    ).toEqual({
      chatId: 'wr1',
      text: '回访',
    })
    expect(
      noteRequest({ kind: 'contact', id: 'wm1' }, '回访', '2026-06-06', 'P1'),
    ).toEqual({
      externalUserId: 'wm1',
      text: '回访',
      petId: 'P1',
      remindOn: '2026-06-06',
    })
  })
})
