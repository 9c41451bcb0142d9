/// <reference types="jest" />
import {
  ApiError,
  deleteJson,
  getJson,
  onUnauthenticated,
  postJson,
  putJson,
  requestJson,
  toApiError,
  withQuery,
} from './http'

type FetchMock = jest.Mock<Promise<Response>, Parameters<typeof fetch>>

const realFetch = globalThis.fetch
let fetchMock: FetchMock

beforeEach(() => {
  fetchMock = jest.fn<Promise<Response>, Parameters<typeof fetch>>()
  globalThis.fetch = fetchMock as unknown as typeof fetch
})

afterEach(() => {
  globalThis.fetch = realFetch
  onUnauthenticated(null)
  jest.useRealTimers()
})

function respond(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  fetchMock.mockResolvedValueOnce(new Response(body, { status, headers }))
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError)
    return error as ApiError
  }
  throw new Error('expected the request to fail')
}

describe('getJson', () => {
  it('returns the parsed body of a 2xx response', async () => {
    respond(200, '{"status":"ok"}', { 'content-type': 'application/json' })

    await expect(getJson('/healthz')).resolves.toEqual({ status: 'ok' })

    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url).toBe('/healthz')
    expect(init?.method).toBe('GET')
    expect(init?.headers).toEqual({ Accept: 'application/json' })
  })

  it('maps a non-2xx error body to code, message and requestId', async () => {
    respond(
      500,
      JSON.stringify({
        error: { code: 'DB_UNAVAILABLE', message: 'database is down' },
        requestId: 'req-123',
      }),
      { 'content-type': 'application/json', 'x-request-id': 'req-header' },
    )

    const error = await failure(getJson('/api/ops/summary'))

    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('ApiError')
    expect(error.status).toBe(500)
    expect(error.code).toBe('DB_UNAVAILABLE')
    expect(error.message).toBe('database is down')
    expect(error.requestId).toBe('req-123')
    expect(error.isNetworkError).toBe(false)
  })

  it("keeps the error body's details, and null when there are none", async () => {
    const errors = [{ code: 'PROTOCOL_INVALID_INTERVAL', id: 'dog-rabies' }]
    respond(
      400,
      JSON.stringify({
        error: {
          code: 'VALIDATION_FAILED',
          message: 'the protocol changes do not hold',
          details: { errors },
        },
      }),
    )
    const error = await failure(getJson('/api/console/protocol/R-EAST'))
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.details).toEqual({ errors })

    respond(404, JSON.stringify({ error: { code: 'NOT_FOUND', message: 'x' } }))
    expect((await failure(getJson('/api/missing'))).details).toBeNull()
    expect(new ApiError({ status: 0, code: 'X', message: 'x' }).details).toBe(
      null,
    )
  })

  it('takes the requestId from X-Request-Id when the body has none', async () => {
    respond(
      404,
      JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no route' } }),
      { 'x-request-id': 'req-header' },
    )

    const error = await failure(getJson('/api/missing'))

    expect(error.code).toBe('NOT_FOUND')
    expect(error.requestId).toBe('req-header')
  })

  it('maps a non-JSON error body to HTTP_<status>', async () => {
    respond(502, '<html><body>Bad Gateway</body></html>', {
      'content-type': 'text/html',
    })

    const error = await failure(getJson('/api/ops/summary'))

    expect(error.status).toBe(502)
    expect(error.code).toBe('HTTP_502')
    expect(error.message).toMatch(/^HTTP 502/)
    expect(error.requestId).toBeNull()
  })

  it('maps a JSON error body of another shape to HTTP_<status>', async () => {
    respond(503, '{"status":"starting"}')

    const error = await failure(getJson('/readyz'))

    expect(error.status).toBe(503)
    expect(error.code).toBe('HTTP_503')
  })

  it('maps an empty error body to HTTP_<status>', async () => {
    respond(500, '')

    const error = await failure(getJson('/healthz'))

    expect(error.code).toBe('HTTP_500')
  })

  it('maps a network failure to NETWORK_ERROR with status 0', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))

    const error = await failure(getJson('/healthz'))

    expect(error.status).toBe(0)
    expect(error.code).toBe('NETWORK_ERROR')
    expect(error.message).toBe('Failed to fetch')
    expect(error.requestId).toBeNull()
    expect(error.isNetworkError).toBe(true)
    expect(error.cause).toBeInstanceOf(TypeError)
  })

  it('maps a 2xx body that is not JSON to INVALID_RESPONSE', async () => {
    respond(200, '<!doctype html><title>index</title>', {
      'content-type': 'text/html',
    })

    const error = await failure(getJson('/api/ops/summary'))

    expect(error.status).toBe(200)
    expect(error.code).toBe('INVALID_RESPONSE')
  })

  it('gives up with TIMEOUT when the server does not answer', async () => {
    jest.useFakeTimers()
    fetchMock.mockImplementationOnce(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          )
        }),
    )

    const pending = failure(getJson('/healthz', { timeoutMs: 1000 }))
    jest.advanceTimersByTime(1000)
    const error = await pending

    expect(error.status).toBe(0)
    expect(error.code).toBe('TIMEOUT')
  })

  it('reports ABORTED when the caller aborts', async () => {
    fetchMock.mockImplementationOnce(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          )
        }),
    )
    const controller = new AbortController()

    const pending = failure(getJson('/healthz', { signal: controller.signal }))
    controller.abort()
    const error = await pending

    expect(error.code).toBe('ABORTED')
  })
})

describe('toApiError', () => {
  it('passes an ApiError through', () => {
    const error = new ApiError({ status: 400, code: 'BAD', message: 'bad' })
    expect(toApiError(error)).toBe(error)
  })

  it('wraps anything else as UNEXPECTED_ERROR', () => {
    const cause = new RangeError('boom')
    const error = toApiError(cause)
    expect(error.code).toBe('UNEXPECTED_ERROR')
    expect(error.message).toBe('boom')
    expect(error.cause).toBe(cause)
  })
})

describe('postJson', () => {
  it('sends the body as JSON and returns the parsed answer', async () => {
    respond(200, '{"id":"n1"}')

    await expect(
      postJson('/api/sidebar/notes', { text: '复查' }),
    ).resolves.toEqual({ id: 'n1' })

    const [, init] = fetchMock.mock.calls[0] ?? []
    expect(init?.method).toBe('POST')
    expect(init?.body).toBe('{"text":"复查"}')
    expect(init?.headers).toEqual({
      Accept: 'application/json',
      'Content-Type': 'application/json',
    })
  })
})

describe('requestJson', () => {
  it('resolves undefined for 204 No Content', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }))

    await expect(
      requestJson('/api/sidebar/bindings/wm1', { method: 'DELETE' }),
    ).resolves.toBeUndefined()
  })
})

describe('onUnauthenticated', () => {
  const unauthenticated = JSON.stringify({
    error: { code: 'UNAUTHENTICATED', message: 'sign in' },
    requestId: 'req-401',
  })

  it('calls the handler on 401 UNAUTHENTICATED, and still rejects', async () => {
    const handler = jest.fn()
    onUnauthenticated(handler)
    respond(401, unauthenticated)

    const error = await failure(getJson('/api/auth/session'))

    expect(error.code).toBe('UNAUTHENTICATED')
    expect(handler).toHaveBeenCalledTimes(1)
    expect(handler).toHaveBeenCalledWith(error)
  })

  it('leaves other failures to the caller', async () => {
    const handler = jest.fn()
    onUnauthenticated(handler)
    respond(
      403,
      JSON.stringify({ error: { code: 'FORBIDDEN', message: 'no' } }),
    )
    respond(401, '<html>proxy login</html>')

    await failure(getJson('/api/sidebar/contacts/wm1'))
    await failure(getJson('/api/sidebar/contacts/wm1'))

    expect(handler).not.toHaveBeenCalled()
  })
})

describe('putJson', () => {
  it('sends the body as JSON with PUT and reads a 204 as undefined', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }))
    await expect(
      putJson('/api/console/targets', { regionId: 'R1', target: 120 }),
    ).resolves.toBeUndefined()
    const [path, init] = fetchMock.mock.calls[0]!
    expect(path).toBe('/api/console/targets')
    expect(init?.method).toBe('PUT')
    expect(JSON.parse(String(init?.body))).toEqual({
      regionId: 'R1',
      target: 120,
    })
  })
})

describe('deleteJson', () => {
  it('sends a DELETE with no body and reads a 204 as undefined', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }))
    await expect(
      deleteJson('/api/console/quick-replies/r1'),
    ).resolves.toBeUndefined()
    const [path, init] = fetchMock.mock.calls[0]!
    expect(path).toBe('/api/console/quick-replies/r1')
    expect(init?.method).toBe('DELETE')
    expect(init?.body).toBeUndefined()
  })
})

describe('withQuery', () => {
  it('appends the parameters in the order given', () => {
    expect(withQuery('/api/x', { week: '2026-W49', level: 'region' })).toBe(
      '/api/x?week=2026-W49&level=region',
    )
  })

  it('leaves out empty values but keeps zero and false', () => {
    expect(
      withQuery('/api/x', { a: '', b: null, c: undefined, d: 0, e: false }),
    ).toBe('/api/x?d=0&e=false')
  })

  it('returns the bare path when nothing is left', () => {
    expect(withQuery('/api/x', { a: '' })).toBe('/api/x')
  })

  it('escapes values and joins an existing query with &', () => {
    expect(withQuery('/api/x?format=csv', { q: 'C10023 豆豆&a=b' })).toBe(
      '/api/x?format=csv&q=C10023+%E8%B1%86%E8%B1%86%26a%3Db',
    )
  })
})

describe('Retry-After', () => {
  it('carries the seconds a 429 asks to wait', async () => {
    respond(
      429,
      JSON.stringify({ error: { code: 'LOGIN_LOCKED', message: 'wait' } }),
      { 'Retry-After': '840' },
    )
    const error = await failure(getJson('/api/auth/local'))
    expect(error.code).toBe('LOGIN_LOCKED')
    expect(error.retryAfter).toBe(840)
  })

  it('reads an HTTP date as the seconds until then', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString()
    respond(503, 'busy', { 'Retry-After': at })
    const error = await failure(getJson('/api/x'))
    expect(error.retryAfter).toBeGreaterThan(100)
    expect(error.retryAfter).toBeLessThanOrEqual(120)
  })

  it('is null when the server does not say', async () => {
    respond(500, JSON.stringify({ error: { code: 'X', message: 'x' } }))
    expect((await failure(getJson('/api/x'))).retryAfter).toBeNull()
  })
})
