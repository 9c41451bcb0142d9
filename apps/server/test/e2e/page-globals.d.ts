/**
 * The browser tests hand functions to `page.evaluate`, which run in the
 * page, not in Node: they need the DOM's names to typecheck, and the probe
 * the sidebar's demo bridge leaves on `window`.
 */
/// <reference lib="dom" />
import type { DemoBridgeProbe } from '../../../sidebar/src/wecom/demo-bridge'

declare global {
  interface Window {
    __wecomBridge?: DemoBridgeProbe
  }
}
