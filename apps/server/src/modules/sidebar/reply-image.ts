import { readFile, stat } from 'node:fs/promises'
import { basename, extname, resolve, sep } from 'node:path'

/** WeCom's limit for an image upload, and ours for reading one. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024
/** How long a remote image may take, from request to last byte (5 s). */
const FETCH_TIMEOUT_MS = 5000
/** Same-host redirects followed (e.g. http → https); others are refused. */
const MAX_REDIRECTS = 3
const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
}
const REMOTE_TYPES = new Set(['image/png', 'image/jpeg'])

/** An image ready for `media/upload`. */
export interface ReplyImage {
  bytes: Uint8Array
  filename: string
  contentType: string
}

/** Why an image could not be read: missing, too big, not PNG/JPEG, … */
export class ReplyImageError extends Error {
  override readonly name = 'ReplyImageError'
}

/** A URL path this server serves from files, e.g. `/sidebar/` → dist. */
export interface StaticFolder {
  /** The URL path prefix, with its trailing slash. */
  prefix: string
  /** Folders looked in, in order. */
  dirs: string[]
}

/**
 * Reads the image of an image quick reply: a path under one of this
 * server's static folders from disk, an absolute http(s) URL over the
 * network with strict limits.
 */
export class ReplyImageLoader {
  private readonly fetch: typeof fetch
  private readonly timeoutMs: number

  constructor(
    private readonly folders: StaticFolder[],
    options: { fetch?: typeof fetch; timeoutMs?: number } = {},
  ) {
    this.fetch = options.fetch ?? globalThis.fetch
    this.timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS
  }

  /** @throws {ReplyImageError} when the image cannot be used */
  async load(imageUrl: string): Promise<ReplyImage> {
    if (imageUrl.startsWith('/') && !imageUrl.startsWith('//')) {
      return this.readLocal(imageUrl)
    }
    return this.fetchRemote(imageUrl)
  }

  private async readLocal(urlPath: string): Promise<ReplyImage> {
    const path = decodeURIComponent(urlPath.split(/[?#]/)[0]!)
    const folder = this.folders.find((f) => path.startsWith(f.prefix))
    const contentType = IMAGE_TYPES[extname(path).toLowerCase()]
    if (!folder || !contentType) {
      throw new ReplyImageError(`${urlPath} is not a PNG or JPEG we serve`)
    }
    const relative = path.slice(folder.prefix.length)
    for (const dir of folder.dirs) {
      const root = resolve(dir)
      const file = resolve(root, relative)
      // `..` in the path must not reach outside the folder.
      if (!file.startsWith(root + sep)) {
        throw new ReplyImageError(`${urlPath} leaves ${folder.prefix}`)
      }
      const info = await stat(file).catch(() => null)
      if (!info?.isFile()) {
        continue
      }
      if (info.size > MAX_IMAGE_BYTES) {
        throw new ReplyImageError(`${urlPath} is over 10 MB`)
      }
      const bytes = new Uint8Array(await readFile(file))
      return { bytes, filename: basename(file), contentType }
    }
    throw new ReplyImageError(`${urlPath} is not there`)
  }

  /**
   * Fetches an image from elsewhere. The server asks for a URL it is told,
   * which could point it at internal addresses; that is acceptable here
   * because only head office and region admins can set a reply's image URL
   * (members write text replies only), and the limits keep what one
   * request can do small: http(s) only, no redirect to another host, 5
   * seconds, 10 MB, and only a PNG or JPEG answer is used.
   */
  private async fetchRemote(imageUrl: string): Promise<ReplyImage> {
    let url: URL
    try {
      url = new URL(imageUrl)
    } catch {
      throw new ReplyImageError(`${imageUrl} is not a URL`)
    }
    const signal = AbortSignal.timeout(this.timeoutMs)
    try {
      for (let hop = 0; ; hop++) {
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
          throw new ReplyImageError(`${url.protocol} URLs are not fetched`)
        }
        const response = await this.fetch(url, { redirect: 'manual', signal })
        if (response.status >= 300 && response.status < 400) {
          await response.body?.cancel()
          const next = new URL(response.headers.get('location') ?? '', url)
          if (next.hostname !== url.hostname || hop >= MAX_REDIRECTS) {
            throw new ReplyImageError(`${url.host} redirects elsewhere`)
          }
          url = next
          continue
        }
        if (!response.ok) {
          await response.body?.cancel()
          throw new ReplyImageError(`${url.host} answered ${response.status}`)
        }
        const contentType = (response.headers.get('content-type') ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase()
        if (!REMOTE_TYPES.has(contentType)) {
          await response.body?.cancel()
          throw new ReplyImageError(`${contentType || 'no type'} is not used`)
        }
        const bytes = await readCapped(response, MAX_IMAGE_BYTES)
        const name = basename(url.pathname) || 'image'
        const ext = contentType === 'image/png' ? '.png' : '.jpg'
        const filename = IMAGE_TYPES[extname(name).toLowerCase()]
          ? name
          : `${name}${ext}`
        return { bytes, filename, contentType }
      }
    } catch (error) {
      if (error instanceof ReplyImageError) {
        throw error
      }
      throw new ReplyImageError(`${url.host} could not be read`, {
        cause: error,
      })
    }
  }
}

/** The body, refused as soon as it passes `limit` bytes. */
async function readCapped(
  response: Response,
  limit: number,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > limit) {
    await response.body?.cancel()
    throw new ReplyImageError('the image is over 10 MB')
  }
  if (!response.body) {
    return new Uint8Array()
  }
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = response.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) {
      break
    }
    size += value.length
    if (size > limit) {
      await reader.cancel()
      throw new ReplyImageError('the image is over 10 MB')
    }
    chunks.push(value)
  }
  return new Uint8Array(Buffer.concat(chunks))
}
