// The verification thread run from the TypeScript sources (tests, scripts, the development server):
// tsx's loader is registered in the thread first, since a thread does not inherit it. The production
// build runs build/server/verify-thread.js directly.
import { register } from 'tsx/esm/api'

register()
const { default: verifyTask } = await import('./verify-thread.ts')
export default verifyTask
