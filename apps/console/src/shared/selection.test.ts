/// <reference types="jest" />
import { keepListed, selectionOf, toggleAll, toggleOne } from './selection'

describe('selection', () => {
  it('ticks and unticks one row without changing the set it was given', () => {
    const before = new Set(['a'])
    const after = toggleOne(before, 'b')
    expect([...after]).toEqual(['a', 'b'])
    expect([...before]).toEqual(['a'])
    expect([...toggleOne(after, 'a')]).toEqual(['b'])
  })

  it('ticks every shown row, then clears them, leaving hidden ones alone', () => {
    const shown = ['a', 'b', 'c']
    const some = new Set(['a', 'x'])
    expect(selectionOf(some, shown)).toBe('some')
    const all = toggleAll(some, shown)
    expect(selectionOf(all, shown)).toBe('all')
    expect([...all].sort()).toEqual(['a', 'b', 'c', 'x'])
    const none = toggleAll(all, shown)
    expect(selectionOf(none, shown)).toBe('none')
    expect([...none]).toEqual(['x'])
  })

  it('says none for an empty list', () => {
    expect(selectionOf(new Set(['a']), [])).toBe('none')
  })

  it('forgets rows a reload no longer lists', () => {
    expect([...keepListed(new Set(['a', 'b']), ['b', 'c'])]).toEqual(['b'])
  })
})
