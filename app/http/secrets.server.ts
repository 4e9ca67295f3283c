import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { config } from '../config.server'

/**
 * A secret from the environment, or else one generated on first use and kept in DATA_DIR with
 * owner-only permissions. Several app instances must share it: set it in the environment there.
 */
export function getOrCreateSecret(envValue: string | undefined, fileName: string): string {
	if (envValue) return envValue
	const file = path.resolve(config.DATA_DIR, fileName)
	try {
		return fs.readFileSync(file, 'utf8').trim()
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
	}
	fs.mkdirSync(path.dirname(file), { recursive: true })
	const secret = crypto.randomBytes(32).toString('base64url')
	try {
		// 'wx' fails if another process created it first; then we read theirs.
		fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' })
		return secret
	} catch {
		return fs.readFileSync(file, 'utf8').trim()
	}
}
