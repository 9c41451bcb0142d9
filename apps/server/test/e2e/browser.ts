import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

/** Debian's chromium; E2E_CHROMIUM points elsewhere (e.g. to test the skip). */
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium'
export const REPO = resolve(__dirname, '../../../..')
export const SCREENSHOTS = join(REPO, 'test-artifacts', 'screenshots')
const APPS = ['sidebar', 'console'] as const

const haveChromium = existsSync(CHROMIUM)
const inCI = process.env.CI === 'true'

/**
 * `describe` when a browser test can run: Chromium is installed, or this is
 * CI, where a missing one must fail rather than skip.
 */
export function describeInChromium(name: string, body: () => void): void {
  if (!haveChromium && !inCI) {
    process.stdout.write(
      `\n[${name}] SKIPPED: ${CHROMIUM} is not installed ` +
        '(apt-get install chromium fonts-wqy-microhei). ' +
        'With CI=true this is a failure.\n\n',
    )
    describe.skip(name, body)
    return
  }
  describe(name, body)
}

/** Builds both front ends with Vite, as `pnpm start` would. */
export function buildApps(): void {
  for (const app of APPS) {
    const dir = join(REPO, 'apps', app)
    const result = spawnSync(
      join(dir, 'node_modules', '.bin', 'vite'),
      ['build', '--logLevel', 'warn'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    )
    if (result.status !== 0) {
      throw new Error(
        `vite build of ${app} failed (${result.status ?? result.signal}):\n` +
          `${result.error?.message ?? ''}${result.stdout}${result.stderr}`,
      )
    }
  }
}

/** Launches headless Chromium with the flags this machine needs. */
export async function launchChromium(): Promise<Browser> {
  if (!haveChromium) {
    throw new Error(`CI=true but ${CHROMIUM} is missing`)
  }
  mkdirSync(SCREENSHOTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Saves a full-page screenshot once the fonts (and so the Chinese) are in. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate('document.fonts.ready')
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  })
}
