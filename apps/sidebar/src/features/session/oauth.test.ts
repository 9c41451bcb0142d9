/// <reference types="jest" />
import {
  ATTEMPT_KEY,
  clearSignInAttempt,
  currentReturnPath,
  mayStartSignIn,
  oauthStartUrl,
  safeReturnPath,
} from './oauth'

function memoryStorage(): Storage {
  const items = new Map<string, string>()
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    key: () => null,
    get length() {
      return items.size
    },
  }
}

describe('currentReturnPath', () => {
  it('keeps the query and the hash route', () => {
    expect(
      currentReturnPath({
        pathname: '/sidebar/',
        search: '?chat=contact:wmA1',
        hash: '#/visits/VIS1?tab=history',
      }),
    ).toBe('/sidebar/?chat=contact:wmA1#/visits/VIS1?tab=history')
  })
})

describe('safeReturnPath', () => {
  it.each([
    ['/sidebar/#/visits/1', '/sidebar/#/visits/1'],
    ['//evil.example/x', '/sidebar/'],
    ['/\\evil.example', '/sidebar/'],
    ['https://evil.example/', '/sidebar/'],
    ['sidebar/', '/sidebar/'],
  ])('%p → %p', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected)
  })
})

describe('oauthStartUrl', () => {
  it('encodes the whole return path as one parameter', () => {
    const url = oauthStartUrl('/sidebar/?chat=group:wr1&x=1#/visits/V 1')
    expect(url).toBe(
      '/api/auth/oauth/start?return=%2Fsidebar%2F%3Fchat%3Dgroup%3Awr1%26x%3D1%23%2Fvisits%2FV%201',
    )
    const back = new URL(url, 'http://h').searchParams.get('return')
    expect(back).toBe('/sidebar/?chat=group:wr1&x=1#/visits/V 1')
  })

  it('never sends the user to another host', () => {
    expect(oauthStartUrl('//evil.example')).toBe(
      '/api/auth/oauth/start?return=%2Fsidebar%2F',
    )
  })
})

describe('mayStartSignIn', () => {
  it('allows a first trip and records it', () => {
    const storage = memoryStorage()
    expect(mayStartSignIn(storage, 1_000_000)).toBe(true)
    expect(storage.getItem(ATTEMPT_KEY)).toBe('1000000')
  })

  it('refuses a second trip within a minute, as that would loop', () => {
    const storage = memoryStorage()
    mayStartSignIn(storage, 1_000_000)
    expect(mayStartSignIn(storage, 1_000_000 + 59_000)).toBe(false)
    expect(mayStartSignIn(storage, 1_000_000 + 61_000)).toBe(true)
  })

  it('allows a trip again once the last one succeeded', () => {
    const storage = memoryStorage()
    mayStartSignIn(storage, 1_000_000)
    clearSignInAttempt(storage)
    expect(mayStartSignIn(storage, 1_000_500)).toBe(true)
  })

  it('ignores an attempt recorded in the future (a clock put back)', () => {
    const storage = memoryStorage()
    storage.setItem(ATTEMPT_KEY, String(5_000_000))
    expect(mayStartSignIn(storage, 1_000_000)).toBe(true)
  })
})
