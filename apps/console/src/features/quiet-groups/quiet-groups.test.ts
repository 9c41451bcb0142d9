/// <reference types="jest" />
import {
  filterQuiet,
  isFiltered,
  isWakeable,
  ownersOf,
  parseQuietDays,
  type QuietGroup,
  quietCounts,
  quietUrl,
} from './quiet-groups'

const group = (chatId: string, owner: string | null): QuietGroup => ({
  chatId,
  name: chatId,
  owner: owner ? { userId: owner, name: owner } : null,
  hospitalId: 'H1',
  lastActivityAt: null,
  customerCount: 2,
})

describe('quiet groups', () => {
  it('takes 7 to 730 whole days', () => {
    expect(parseQuietDays('90')).toBe(90)
    expect(parseQuietDays(' 7 ')).toBe(7)
    expect(parseQuietDays('730')).toBe(730)
    expect(parseQuietDays('6')).toBeNull()
    expect(parseQuietDays('731')).toBeNull()
    expect(parseQuietDays('9.5')).toBeNull()
    expect(parseQuietDays('')).toBeNull()
    expect(quietUrl(90)).toBe('/api/console/groups/quiet?days=90')
  })

  it('counts each owner of the picked groups once', () => {
    const groups = [
      group('a', 'ZhangWei'),
      group('b', 'ZhangWei'),
      group('c', 'WangFang'),
      group('d', null),
    ]
    expect(ownersOf(groups, new Set(['a', 'b', 'd']))).toEqual(['ZhangWei'])
    expect(ownersOf(groups, new Set(['a', 'c']))).toEqual([
      'ZhangWei',
      'WangFang',
    ])
    expect(isWakeable(groups[3]!)).toBe(false)
  })

  it('filters by hospital and by name, chat id or owner', () => {
    const groups = [
      { ...group('wrA', 'ZhangWei'), name: 'C1-豆豆-皮肤' },
      { ...group('wrB', 'WangFang'), hospitalId: 'H2' },
    ]
    const ids = (f: Parameters<typeof filterQuiet>[1]) =>
      filterQuiet(groups, f).map((g) => g.chatId)
    expect(ids({ hospitalId: 'H2', search: '' })).toEqual(['wrB'])
    expect(ids({ hospitalId: null, search: '豆豆' })).toEqual(['wrA'])
    expect(ids({ hospitalId: null, search: 'wangfang' })).toEqual(['wrB'])
  })

  // "143 个群…" stood over a search that showed one row.
  it('counts what the filters show, of how many, and the picks they hide', () => {
    const groups = ['a', 'b', 'c', 'd'].map((id) => group(id, 'ZhangWei'))
    const shown = filterQuiet(groups, { hospitalId: null, search: 'b' })
    expect(quietCounts(groups, shown, new Set(['a', 'b']))).toEqual({
      total: 4,
      shown: 1,
      pickedHidden: 1,
    })
    expect(isFiltered({ hospitalId: null, search: ' ' })).toBe(false)
    expect(isFiltered({ hospitalId: 'H1', search: '' })).toBe(true)
  })
})
