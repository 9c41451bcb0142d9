/// <reference types="jest" />
import { type ErrorMessages, errorText } from './error-text'
import { ApiError } from './http'

const t: ErrorMessages = {
  network: 'network',
  timeout: 'timeout',
  invalidResponse: 'invalid',
  server: (status) => `server ${status}`,
}

function error(status: number, code: string): ApiError {
  return new ApiError({ status, code, message: code })
}

describe('errorText', () => {
  it('names the client-side failures', () => {
    expect(errorText(error(0, 'NETWORK_ERROR'), t)).toBe('network')
    expect(errorText(error(0, 'TIMEOUT'), t)).toBe('timeout')
    expect(errorText(error(200, 'INVALID_RESPONSE'), t)).toBe('invalid')
  })

  it('gives the HTTP status of a server error', () => {
    expect(errorText(error(500, 'DB_UNAVAILABLE'), t)).toBe('server 500')
  })

  it('treats any other failure without a response as a network error', () => {
    expect(errorText(error(0, 'ABORTED'), t)).toBe('network')
  })
})
