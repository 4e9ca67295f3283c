import { createCookie, redirect } from 'react-router'
import { z } from 'zod'
import { config } from '../config.server'
import { getOrCreateSecret } from './secrets.server'

const flashSchema = z.object({
	kind: z.enum(['success', 'error', 'info']),
	message: z.string().max(500),
})
export type Flash = z.infer<typeof flashSchema>

let cookie: ReturnType<typeof createCookie> | undefined
/**
 * The signed flash cookie, made on first use: its secret may be generated into DATA_DIR, which the
 * start-up checks (app/ops/storage-check.server.ts) before anything writes there.
 */
function flashCookie() {
	cookie ??= createCookie('skillproof_flash', {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: config.isProduction,
		maxAge: 60,
		secrets: [getOrCreateSecret(config.COOKIE_SECRET, 'cookie-secret')],
	})
	return cookie
}

/** Redirects and shows `message` once on the next page. */
export async function redirectWithFlash(url: string, flash: Flash, init: ResponseInit = {}) {
	const headers = new Headers(init.headers)
	headers.append('Set-Cookie', await flashCookie().serialize(flash))
	return redirect(url, { ...init, headers })
}

/** Reads the flash message (if any) and the header that clears it. */
export async function consumeFlash(request: Request): Promise<{ flash: Flash | null; headers: Headers }> {
	const headers = new Headers()
	const raw: unknown = await flashCookie().parse(request.headers.get('Cookie'))
	if (raw === null || raw === undefined) return { flash: null, headers }
	headers.append('Set-Cookie', await flashCookie().serialize('', { maxAge: 0 }))
	const parsed = flashSchema.safeParse(raw)
	return { flash: parsed.success ? parsed.data : null, headers }
}
