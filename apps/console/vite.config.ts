import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

/** The Koa server (`pnpm dev`) that answers the API in development. */
const server = 'http://127.0.0.1:3000'

export default defineConfig({
  // The server serves `dist` at /console/.
  base: '/console/',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: 5174,
    proxy: { '/api': server, '/healthz': server, '/readyz': server },
  },
})
