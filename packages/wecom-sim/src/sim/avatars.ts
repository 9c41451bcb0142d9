import { createHash } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { SimContext } from './context'

/** Where the simulator serves avatars; seeded avatars are paths under it. */
export const AVATAR_PATH = '/avatars/'

/**
 * Points seeded avatars (paths) at the simulator's own address. WeCom's
 * avatars live on its image hosts; a demo's must load offline.
 */
export function localizeAvatars(context: SimContext): void {
  const people = [...context.state.members, ...context.state.customers]
  for (const person of people) {
    if (person.avatar.startsWith(AVATAR_PATH)) {
      person.avatar = `${context.baseUrl}${person.avatar}`
    }
  }
}

/** A new avatar URL on the simulator, for a customer made at run time. */
export function newAvatarUrl(context: SimContext): string {
  return `${context.baseUrl}${AVATAR_PATH}${context.random.urlSafe(40)}.svg`
}

/**
 * `GET /avatars/<id>.svg`: a round picture with the first letter of the
 * member's or customer's name, in a colour of its own.
 */
export function answerAvatar(
  context: SimContext,
  path: string,
  res: ServerResponse,
): void {
  const people = [...context.state.members, ...context.state.customers]
  const person = people.find((p) => p.avatar.endsWith(path))
  if (!person) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('no such avatar')
    return
  }
  const hue = createHash('md5').update(path).digest()[0]! * 1.4
  const letter = /[\p{L}\p{N}]/u.exec(person.name)?.[0] ?? '·'
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">' +
    `<rect width="96" height="96" rx="12" fill="hsl(${hue.toFixed(0)} 45% 55%)"/>` +
    '<text x="48" y="50" text-anchor="middle" dominant-baseline="central" ' +
    'font-family="sans-serif" font-size="44" fill="#fff">' +
    `${escapeXml(letter)}</text></svg>`
  res.writeHead(200, {
    'content-type': 'image/svg+xml; charset=utf-8',
    'content-length': Buffer.byteLength(svg),
    'cache-control': 'public, max-age=86400',
  })
  res.end(svg)
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
}
