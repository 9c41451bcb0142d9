/// <reference types="jest" />
import { routeOf } from './routes'

const SCOPE = 'https://crm.example.com/sidebar/'
const at = (path: string, mode = 'cors', method = 'GET') => ({
  url: `https://crm.example.com${path}`,
  mode,
  method,
})

describe('routeOf', () => {
  it.each([
    ['/sidebar/', 'navigate', 'page'],
    ['/sidebar/?chat=contact:wm1', 'navigate', 'page'],
    ['/sidebar/index.html', 'navigate', 'page'],
    ['/sidebar/assets/index-AbC123.js', 'cors', 'asset'],
    ['/sidebar/assets/VisitPage-9x.css', 'no-cors', 'asset'],
  ] as const)('answers %s (%s) from the shell: %s', (path, mode, route) => {
    expect(routeOf(at(path, mode), SCOPE)).toBe(route)
  })

  it.each([
    '/api/auth/session',
    '/api/sidebar/contacts/wm1',
    '/api/demo/chats',
    '/healthz',
    '/readyz',
  ])('never answers %s itself', (path) => {
    expect(routeOf(at(path), SCOPE)).toBe('network')
    expect(routeOf(at(path, 'navigate'), SCOPE)).toBe('network')
    // Not even if the worker were given the whole origin.
    expect(routeOf(at(path), 'https://crm.example.com/')).toBe('network')
  })

  it('leaves the page to the network when it is fetched, not navigated to', () => {
    expect(routeOf(at('/sidebar/'), SCOPE)).toBe('network')
  })

  it('leaves everything else alone', () => {
    expect(routeOf(at('/sidebar/sw.js'), SCOPE)).toBe('network')
    expect(routeOf(at('/sidebar/assets/x.js?v=2'), SCOPE)).toBe('network')
    expect(routeOf(at('/console/', 'navigate'), SCOPE)).toBe('network')
    expect(routeOf(at('/mmhead/abc/0', 'no-cors'), SCOPE)).toBe('network')
    expect(routeOf(at('/sidebar/assets/x.js', 'cors', 'POST'), SCOPE)).toBe(
      'network',
    )
    expect(
      routeOf(
        {
          ...at('/sidebar/assets/x.js'),
          url: 'https://cdn.example.com/sidebar/assets/x.js',
        },
        SCOPE,
      ),
    ).toBe('network')
  })
})
