/// <reference types="jest" />
import { ApiError } from './http'
import { useLoad } from './load'

/** A promise and the functions that settle it. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useLoad', () => {
  it('goes idle → loading → done and applies the result', async () => {
    const applied: number[] = []
    const { state, error, load } = useLoad(
      () => Promise.resolve(7),
      (n) => applied.push(n),
    )
    expect(state.value).toBe('idle')

    const pending = load()
    expect(state.value).toBe('loading')
    await pending

    expect(state.value).toBe('done')
    expect(error.value).toBeNull()
    expect(applied).toEqual([7])
  })

  it('keeps a failure as an ApiError', async () => {
    const { state, error, load } = useLoad(
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => undefined,
    )

    await load()

    expect(state.value).toBe('error')
    expect(error.value).toBeInstanceOf(ApiError)
    expect(error.value?.message).toBe('Failed to fetch')
  })

  it('lets only the latest of overlapping calls write', async () => {
    const first = deferred<string>()
    const second = deferred<string>()
    const tasks = [first.promise, second.promise]
    const applied: string[] = []
    const { state, error, load } = useLoad(
      () => tasks.shift()!,
      (s) => applied.push(s),
    )

    const a = load()
    const b = load()
    second.resolve('second')
    await b
    first.reject(new Error('late failure'))
    await a

    expect(applied).toEqual(['second'])
    expect(state.value).toBe('done')
    expect(error.value).toBeNull()
  })
})
