import type { AppInfo, ConsoleMe, SessionInfo } from '@petcare/shared'
import { type ApiError, toApiError } from '@petcare/web'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import {
  fetchAppInfo,
  fetchMe,
  fetchSession,
  signInLocal,
  signOut as postSignOut,
} from './session.api'

/**
 * - `loading`: asking the server who this is
 * - `signed-in`: a console user; `me` says what they see
 * - `signed-out`: no session (or it expired): the sign-in page
 * - `forbidden`: signed in, but the role may not use the console (a butler)
 * - `error`: the server could not be asked; retry
 */
export type SessionStatus =
  'loading' | 'signed-in' | 'signed-out' | 'forbidden' | 'error'

/** Who is signed in to the console, and signing in and out. */
export const useSessionStore = defineStore('session', () => {
  const status = ref<SessionStatus>('loading')
  const me = shallowRef<ConsoleMe | null>(null)
  const appInfo = shallowRef<AppInfo | null>(null)
  /** The member the console refused, to say who is signed in. */
  const refused = shallowRef<SessionInfo | null>(null)
  const error = shallowRef<ApiError | null>(null)

  const level = computed(() => me.value?.level ?? null)

  async function load(): Promise<void> {
    status.value = 'loading'
    error.value = null
    try {
      me.value = await fetchMe()
      status.value = 'signed-in'
    } catch (caught) {
      const failure = toApiError(caught)
      me.value = null
      if (failure.status === 401) {
        status.value = 'signed-out'
        void loadAppInfo()
      } else if (failure.status === 403) {
        status.value = 'forbidden'
        refused.value = await fetchSession().catch(() => null)
      } else {
        error.value = failure
        status.value = 'error'
      }
    }
  }

  async function loadAppInfo(): Promise<void> {
    if (appInfo.value) return
    appInfo.value = await fetchAppInfo().catch(() => null)
  }

  /** A request answered 401: the session ended while the page was open. */
  function expired(): void {
    if (status.value === 'signed-in') {
      me.value = null
      status.value = 'signed-out'
      void loadAppInfo()
    }
  }

  /** Signs in with the local admin account; throws the `ApiError`. */
  async function signInWithPassword(
    username: string,
    password: string,
  ): Promise<void> {
    await signInLocal({ username, password })
    await load()
  }

  /**
   * Signs out and reloads the page, so nothing the last user loaded stays
   * in memory for the next one.
   */
  async function signOut(): Promise<void> {
    await postSignOut().catch(() => undefined)
    history.replaceState(null, '', `${location.pathname}#/`)
    location.reload()
  }

  return {
    status,
    me,
    level,
    appInfo,
    refused,
    error,
    load,
    loadAppInfo,
    expired,
    signInWithPassword,
    signOut,
  }
})
