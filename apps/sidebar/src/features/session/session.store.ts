import type { SessionInfo } from '@petcare/shared'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { getPrefetchedJson } from '../../shared/prefetch'
import { markOnce } from '../../shared/timing'
import {
  clearSignInAttempt,
  currentReturnPath,
  mayStartSignIn,
  oauthStartUrl,
} from './oauth'

/**
 * Who is signed in, and the trip to WeCom OAuth when nobody is. Any request
 * answered 401 `UNAUTHENTICATED` asks for `startSignIn` (see main.ts).
 */
export const useSessionStore = defineStore('session', () => {
  const session = shallowRef<SessionInfo | null>(null)
  /** `redirecting` while the page leaves for OAuth; `stuck` if the last trip did not take. */
  const signIn = ref<'idle' | 'redirecting' | 'stuck'>('idle')

  // Outside WeCom the page first learns whether the server is a demo; a
  // production server must not send a plain browser to WeCom's sign-in, so
  // a 401 meanwhile is only remembered.
  let held = false
  let wanted = false

  async function load(): Promise<SessionInfo> {
    const info = await getPrefetchedJson<SessionInfo>('/api/auth/session')
    session.value = info
    markOnce('session')
    clearSignInAttempt(sessionStorage)
    return info
  }

  /** Leaves for the sign-in page, unless that would loop (then `stuck`). */
  function startSignIn(force = false): void {
    if (held) {
      wanted = true
      return
    }
    if (signIn.value === 'redirecting') return
    if (!force && !mayStartSignIn(sessionStorage, Date.now())) {
      signIn.value = 'stuck'
      return
    }
    signIn.value = 'redirecting'
    location.assign(oauthStartUrl(currentReturnPath(location)))
  }

  /** Holds sign-in trips until `release`. */
  function hold(): void {
    held = true
    wanted = false
  }

  /** Ends the hold: signs in now if a request asked to and `proceed` says so. */
  function release(proceed: boolean): void {
    held = false
    if (wanted && proceed) startSignIn()
    wanted = false
  }

  return { session, signIn, load, startSignIn, hold, release }
})
