/**
 * Builds the content the end-to-end servers serve: every real path in content/paths plus the
 * fixture path, so the tests can both walk the real lessons and run the journey on known data.
 */
import fs from 'node:fs'
import path from 'node:path'
import { buildContent } from '../../scripts/content-build'
import { writeFixtureContent } from '../fixtures/content-fixture'

const outDir = process.env.CONTENT_BUILD_DIR
if (!outDir) throw new Error('CONTENT_BUILD_DIR is required')
const sourceDir = path.join(path.dirname(outDir), 'content-src')
fs.rmSync(sourceDir, { recursive: true, force: true })
const realPaths = path.resolve(import.meta.dirname, '../../content/paths')
if (fs.existsSync(realPaths)) fs.cpSync(realPaths, sourceDir, { recursive: true })
writeFixtureContent(sourceDir)
await buildContent(sourceDir, outDir)
