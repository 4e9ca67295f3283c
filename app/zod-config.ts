/**
 * Zod compiles object parsers with `new Function` when it may, and probes for that the first time
 * a schema is made. The site's Content-Security-Policy forbids it in the browser, and the probe
 * alone is reported as a violation, so the browser uses Zod's interpreter. Imported first by
 * root.tsx, before any module defines a schema; the server keeps the faster compiled parsers.
 */
import { z } from 'zod'

if (typeof document !== 'undefined') z.config({ jitless: true })
