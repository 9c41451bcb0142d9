/// <reference types="jest" />
import { niceStep, niceTicks, scale, shorten } from './chart'

describe('niceStep', () => {
  it.each([
    [100, 4, 50],
    [37, 4, 10],
    [8, 4, 2],
    [3, 4, 1],
    [1200, 5, 500],
  ])('cuts %p into about %p parts of %p', (span, count, step) => {
    expect(niceStep(span, count)).toBe(step)
  })
})

describe('niceTicks', () => {
  it('starts at 0 for positive values and covers the maximum', () => {
    expect(niceTicks(12, 87)).toEqual([0, 50, 100])
    expect(niceTicks(3, 37)).toEqual([0, 10, 20, 30, 40])
  })

  it('reaches below 0 for a loss', () => {
    const ticks = niceTicks(-7, 23)
    expect(ticks[0]).toBeLessThanOrEqual(-7)
    expect(ticks).toContain(0)
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(23)
  })

  it('still draws an axis when everything is 0', () => {
    expect(niceTicks(0, 0)).toEqual([0, 1])
  })
})

describe('scale', () => {
  it('maps a domain onto a range, reversed for SVG y', () => {
    const y = scale(0, 100, 180, 20)
    expect(y(0)).toBe(180)
    expect(y(100)).toBe(20)
    expect(y(50)).toBe(100)
  })
})

describe('shorten', () => {
  it('keeps short names and cuts long ones by characters', () => {
    expect(shorten('静安宠物医院', 8)).toBe('静安宠物医院')
    expect(shorten('上海浦东新区宠物医院', 6)).toBe('上海浦东新…')
    expect(shorten('🐶🐱🐰🐹', 3)).toBe('🐶🐱…')
  })
})
