/// <reference types="jest" />
import { isSendableText, outcomeOf, taskCounts } from './mass-messages'

const task = (error: string | null, failList: string[] = []) => ({
  sender: 'ZhangWei',
  chatIds: ['wr1'],
  articles: [],
  msgId: error ? null : 'msg1',
  failList,
  error,
})

describe('mass-message results', () => {
  it('counts the tasks WeCom took and refused', () => {
    expect(
      taskCounts({ tasks: [task(null), task('WeCom 41048: bad'), task(null)] }),
    ).toEqual({ created: 2, failed: 1 })
    expect(taskCounts({ tasks: [] })).toEqual({ created: 0, failed: 0 })
  })

  it('tells a refused task from one with targets left out', () => {
    expect(outcomeOf(task(null))).toBe('created')
    expect(outcomeOf(task(null, ['wr2']))).toBe('partial')
    expect(outcomeOf(task('WeCom did not answer'))).toBe('failed')
  })

  it('takes 1 to 1000 characters, spaces around not counted', () => {
    expect(isSendableText('  ')).toBe(false)
    expect(isSendableText(' 好久不见 ')).toBe(true)
    expect(isSendableText('字'.repeat(1000))).toBe(true)
    expect(isSendableText('字'.repeat(1001))).toBe(false)
  })
})
