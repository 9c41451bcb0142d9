/// <reference types="jest" />
import { splitTemplate } from './template'

describe('splitTemplate', () => {
  it('splits text and variables, spaces inside the braces allowed', () => {
    expect(splitTemplate('您好{{customerName}}，{{ petName }}的疫苗')).toEqual([
      { kind: 'text', text: '您好' },
      { kind: 'variable', name: 'customerName', raw: '{{customerName}}' },
      { kind: 'text', text: '，' },
      { kind: 'variable', name: 'petName', raw: '{{ petName }}' },
      { kind: 'text', text: '的疫苗' },
    ])
  })

  it('leaves braces that hold no variable name as text', () => {
    expect(splitTemplate('{{}} {{1x}} {single}')).toEqual([
      { kind: 'text', text: '{{}} {{1x}} {single}' },
    ])
    expect(splitTemplate('')).toEqual([])
  })
})
