/// <reference types="jest" />
import {
  contrast,
  HEAT_STEPS,
  HEAT_BOUNDS,
  heatColours,
  heatStep,
  inkOn,
  parseTarget,
  targetProgress,
  weekOverWeek,
} from './metrics'

describe('weekOverWeek', () => {
  it.each([
    [12, 10, 2, 'up', 0.2],
    [8, 10, -2, 'down', -0.2],
    [5, 5, 0, 'flat', 0],
    // Against the size of a negative week: from -10 to 20 is up 300 %.
    [20, -10, 30, 'up', 3],
    [-5, 5, -10, 'down', -2],
  ])('%i after %i', (net, previous, delta, direction, ratio) => {
    expect(weekOverWeek(net, previous)).toEqual({ delta, direction, ratio })
  })

  it('has no ratio after a week of 0', () => {
    expect(weekOverWeek(7, 0)).toEqual({
      delta: 7,
      direction: 'up',
      ratio: null,
    })
  })
})

describe('targetProgress', () => {
  it('fills the bar up to the target and no further', () => {
    expect(targetProgress(30, 120)).toEqual({
      ratio: 0.25,
      fill: 0.25,
      reached: false,
    })
    expect(targetProgress(150, 120)).toEqual({
      ratio: 1.25,
      fill: 1,
      reached: true,
    })
    expect(targetProgress(120, 120)?.reached).toBe(true)
  })

  it('shows an empty bar for a net loss', () => {
    expect(targetProgress(-6, 60)).toEqual({
      ratio: -0.1,
      fill: 0,
      reached: false,
    })
  })

  it('has no progress without a positive target', () => {
    expect(targetProgress(10, null)).toBeNull()
    expect(targetProgress(10, 0)).toBeNull()
  })
})

describe('parseTarget', () => {
  it.each([
    ['120', 120],
    [' 80 ', 80],
    ['0', 0],
    ['1,200', 1200],
    ['１５０', 150],
    ['100000', 100000],
  ])('reads %p as %p', (input, value) => {
    expect(parseTarget(input)).toEqual({ ok: true, value })
  })

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['12.5', 'not_integer'],
    ['abc', 'not_integer'],
    ['1e3', 'not_integer'],
    ['-5', 'negative'],
    ['100001', 'too_large'],
  ])('refuses %p (%s)', (input, reason) => {
    expect(parseTarget(input)).toEqual({ ok: false, reason })
  })
})

describe('the repurchase colour scale', () => {
  // The scale was stretched to each table's highest rate: 0/8/16/24/32 %
  // for head office, 0/20/…/80 % for a store, so colours did not compare.
  it('puts a rate on one fixed scale of five steps, whatever else is shown', () => {
    expect(HEAT_BOUNDS).toEqual([0, 0.1, 0.2, 0.3, 0.4])
    expect(heatStep(0)).toBe(0)
    expect(heatStep(0.099)).toBe(0)
    expect(heatStep(0.1)).toBe(1)
    expect(heatStep(0.3)).toBe(3)
    expect(heatStep(0.35)).toBe(3)
    expect(heatStep(0.4)).toBe(4)
    expect(heatStep(1)).toBe(4)
  })

  it('darkens as the rate rises', () => {
    expect(heatColours(0.05).background).toBe(HEAT_STEPS[0])
    expect(heatColours(0.45).background).toBe(HEAT_STEPS[4])
  })

  it('keeps the text readable on every step (WCAG AA, 4.5:1)', () => {
    for (const step of HEAT_STEPS) {
      expect([step, contrast(step, inkOn(step)) >= 4.5]).toEqual([step, true])
    }
  })

  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
  })
})
