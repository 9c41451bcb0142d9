import http from 'node:http'
// eslint-disable-next-line no-restricted-imports -- this is the client the rule sends everyone to
import https from 'node:https'

/** What the transport sends: a JSON or multipart body, or none. */
export interface HttpRequest {
  method: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string | FormData
}

/** The status and the whole body of an answer. */
export interface HttpAnswer {
  status: number
  body: Buffer
}

/**
 * HTTP for the WeCom client over kept-alive connections, through node:http
 * rather than `fetch`: a worker makes a WeCom call for nearly every event,
 * and `fetch` builds WHATWG request, response and abort-signal objects for
 * each, about three times the CPU of a plain request on a reused socket.
 */
export class KeepAliveHttp {
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  }

  /**
   * Sends `request` and reads the whole answer, whatever its status.
   * @throws {Error} when the server cannot be reached, drops the connection
   *   or has not answered in full within `timeoutMs`
   */
  async send(
    url: URL,
    request: HttpRequest,
    timeoutMs: number,
  ): Promise<HttpAnswer> {
    const headers = { ...request.headers }
    let body: string | Buffer | undefined
    if (request.body instanceof FormData) {
      // The boundary and the parts exactly as `fetch` would write them.
      const encoded = new Response(request.body)
      headers['content-type'] = encoded.headers.get('content-type')!
      body = Buffer.from(await encoded.arrayBuffer())
    } else {
      body = request.body
    }
    if (body !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(body))
    }

    const isHttps = url.protocol === 'https:'
    return new Promise((resolve, reject) => {
      const outgoing = (isHttps ? https : http).request(
        url,
        {
          method: request.method,
          headers,
          agent: isHttps ? this.agents.https : this.agents.http,
        },
        (incoming) => {
          const chunks: Buffer[] = []
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
          incoming.on('error', fail)
          incoming.on('end', () => {
            clearTimeout(timer)
            resolve({
              status: incoming.statusCode ?? 0,
              body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
            })
          })
        },
      )
      // One deadline for the whole exchange, as AbortSignal.timeout gave
      // `fetch`: a socket timeout would only catch a silent pause.
      const timer = setTimeout(() => {
        outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`))
      }, timeoutMs)
      function fail(error: Error) {
        clearTimeout(timer)
        reject(error)
      }
      outgoing.on('error', fail)
      outgoing.end(body)
    })
  }

  /** Closes the idle connections; calls made after this open new ones. */
  close(): void {
    this.agents.http.destroy()
    this.agents.https.destroy()
  }
}
