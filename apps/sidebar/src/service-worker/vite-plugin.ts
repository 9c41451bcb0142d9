import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Plugin } from 'vite'
import type { ShellManifest } from './manifest'

const WORKER_SOURCE = resolve(import.meta.dirname, './worker.ts')
const WORKER_FILE = 'sw.js'
/** Text the server sends compressed; images and fonts are already. */
const COMPRESSIBLE = /\.(?:js|css|html|svg|json)$/
/** Below a packet, compressing saves nothing worth a second file. */
const MIN_BYTES = 1024

const brotli = promisify(brotliCompress)
const gz = promisify(gzip)

/**
 * Builds the service worker (src/service-worker/worker.ts) into sw.js with
 * the list of this build's files written at its top, and leaves a `.br` and
 * a `.gz` next to every text file, which the server's koa-send sends to a
 * browser that accepts them.
 */
export function shellWorker(): Plugin {
  return {
    name: 'petcare:shell-worker',
    apply: 'build',

    buildStart() {
      // A chunk of its own: bundled with what it imports and minified. It
      // must stay one classic script (see the check below).
      this.emitFile({ type: 'chunk', id: WORKER_SOURCE, fileName: WORKER_FILE })
    },

    generateBundle: {
      // After vite:build-html, so index.html is in the bundle.
      order: 'post',
      handler(_options, bundle) {
        const worker = bundle[WORKER_FILE]
        const html = bundle['index.html']
        if (worker?.type !== 'chunk' || html?.type !== 'asset') {
          this.error('sw.js or index.html is missing from the bundle')
        }
        // A module the app imports too would be split into a shared chunk
        // that sw.js imports, and a classic worker script cannot import.
        if (worker.imports.length > 0 || worker.dynamicImports.length > 0) {
          this.error(
            `sw.js imports ${[...worker.imports, ...worker.dynamicImports].join(', ')}: ` +
              'the worker may only import modules the app does not',
          )
        }
        const entry = Object.values(bundle).find(
          (file) =>
            file.type === 'chunk' &&
            file.isEntry &&
            file.fileName !== WORKER_FILE,
        )
        if (!entry) this.error('the app has no entry chunk')

        const assets = Object.keys(bundle)
          .filter(
            (name) => name.startsWith('assets/') && !name.endsWith('.map'),
          )
          .sort()
        const version = createHash('sha256')
          .update(String(html.source))
          .update(assets.join('\n'))
          .update(worker.code)
          .digest('hex')
          .slice(0, 16)
        const manifest: ShellManifest = {
          version,
          entry: entry.fileName,
          assets,
        }
        worker.code = `const __SHELL__=${JSON.stringify(manifest)};\n${worker.code}`
      },
    },

    async writeBundle(options, bundle) {
      const dir = options.dir!
      await Promise.all(
        Object.keys(bundle)
          .filter((name) => COMPRESSIBLE.test(name))
          .map(async (name) => {
            const body = await readFile(join(dir, name))
            if (body.length < MIN_BYTES) return
            const [br, gzipped] = await Promise.all([
              brotli(body, {
                params: {
                  [constants.BROTLI_PARAM_QUALITY]: 11,
                  [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
                },
              }),
              gz(body, { level: 9 }),
            ])
            await writeFile(join(dir, `${name}.br`), br)
            await writeFile(join(dir, `${name}.gz`), gzipped)
          }),
      )
    },
  }
}
