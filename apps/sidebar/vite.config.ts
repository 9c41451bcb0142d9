import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { shellWorker } from './src/service-worker/vite-plugin.ts'

/** The Koa server (`pnpm dev`) that answers the API in development. */
const server = 'http://127.0.0.1:3000'

export default defineConfig({
  // The server serves `dist` at /sidebar/.
  base: '/sidebar/',
  plugins: [vue(), shellWorker()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: 5173,
    proxy: { '/api': server, '/healthz': server, '/readyz': server },
  },
})
