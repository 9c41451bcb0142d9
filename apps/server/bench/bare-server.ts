/**
 * The baseline for `bench:callback`: a Koa endpoint that reads the body and
 * answers `success`, with no checks and no storage.
 */
import Koa from 'koa'
import getRawBody from 'raw-body'

const app = new Koa()
app.use(async (ctx) => {
  await getRawBody(ctx.req, { limit: 1024 * 1024, encoding: 'utf8' })
  ctx.type = 'text/plain'
  ctx.body = 'success'
})
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => {
  process.stdout.write('listening\n')
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
