/**
 * The API paths a page opened at `search` asks for before its script has
 * run: the session, and outside WeCom (the demo bridge) the demo chats and
 * the view of the chat named by `?chat=`. The same rule as the inline
 * script in index.html, which cannot import this (prefetch-paths.test.ts
 * keeps the two in step); the service worker uses it to announce them as
 * preloads before the page's parser gets to that script.
 */
export function prefetchPaths(search: string, userAgent: string): string[] {
  const inWeCom = /\bwxwork\//i.test(userAgent)
  const chat = new URLSearchParams(search).get('chat') ?? ''
  const match = /^(contact|group):(.+)$/.exec(chat)
  const paths = ['/api/auth/session']
  if (inWeCom) return paths
  paths.push('/api/demo/chats')
  if (match) {
    const kind = match[1] === 'contact' ? 'contacts' : 'groups'
    paths.push(`/api/sidebar/${kind}/${encodeURIComponent(match[2]!)}`)
  }
  return paths
}
