// Serves the bare page's build the way ../../server.js serves the site in production: Express, its
// static assets, and React Router's request handler given the build itself. PORT sets the port.
import path from 'node:path'
import { createRequestHandler } from '@react-router/express'
import express from 'express'

const root = path.resolve(import.meta.dirname, 'build')
const build = await import(path.join(root, 'server/index.js'))
const app = express()
app.disable('x-powered-by')
app.use('/assets', express.static(path.join(root, 'client/assets'), { immutable: true, maxAge: '1y' }))
app.use(createRequestHandler({ build }))
app.listen(Number(process.env.PORT ?? 3201), process.env.HOST ?? '127.0.0.1')
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
