/// <reference types="jest" />
/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { prefetchPaths } from './prefetch-paths'

const WECOM =
  'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/130.0 wxwork/4.1.30 MicroMessenger/7.0.1'
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36'

/** What the inline script in index.html fetches, run against stand-ins. */
function inlineScriptPaths(search: string, userAgent: string): string[] {
  const html = readFileSync(join(__dirname, '../../index.html'), 'utf8')
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!
  const fetched: string[] = []
  const run = new Function(
    'window',
    'location',
    'navigator',
    'fetch',
    'URLSearchParams',
    script,
  )
  run(
    {},
    { search },
    { userAgent },
    (path: string) => {
      fetched.push(path)
      return Promise.resolve()
    },
    URLSearchParams,
  )
  return fetched
}

describe('prefetchPaths', () => {
  it.each([
    ['?chat=contact:wmDemoCustomer001', CHROME],
    ['?chat=group:wr%2FA%20b', CHROME],
    ['?chat=contact:', CHROME],
    ['?chat=visit:1', CHROME],
    ['', CHROME],
    ['?chat=contact:wmDemoCustomer001', WECOM],
    ['', WECOM],
  ])('asks for what index.html’s inline script asks for (%s)', (search, ua) => {
    expect(prefetchPaths(search, ua)).toEqual(inlineScriptPaths(search, ua))
  })

  it('asks for the chat’s view in a browser, only the session in WeCom', () => {
    expect(prefetchPaths('?chat=group:wr1', CHROME)).toEqual([
      '/api/auth/session',
      '/api/demo/chats',
      '/api/sidebar/groups/wr1',
    ])
    expect(prefetchPaths('?chat=group:wr1', WECOM)).toEqual([
      '/api/auth/session',
    ])
  })
})
