import { expect, test } from 'vitest'
import { createTestOrg } from '../../../tests/setup/factories'
import { failure } from '../../../tests/setup/failure'
import { acceptLogo } from '~/issuing/issuer-logo.server'
import { setOrgLogo } from '~/issuing/issuer-profile.server'
import { loader } from './org-logo'

const get = (slug: string) => loader({ params: { slug } } as never)
const status = async (slug: string) => ((await failure(() => get(slug))) as { init: ResponseInit }).init.status

test('an organisation’s logo is served as an image in a sandbox, readable by other sites; nothing else is', async () => {
	const { org, actor } = await createTestOrg('Proseware', { name: 'Pat Owner', role: 'OWNER' })
	expect(await status(org.slug)).toBe(404)
	const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>'
	const logo = await acceptLogo({ bytes: new TextEncoder().encode(svg), name: 'l.svg', type: 'image/svg+xml' })
	await setOrgLogo(org.id, actor, logo)
	const response = (await get(org.slug)) as Response
	expect(response.headers.get('Content-Type')).toBe('image/svg+xml')
	expect(response.headers.get('Content-Security-Policy')).toBe("default-src 'none'; frame-ancestors 'none'; sandbox")
	expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
	expect(new Uint8Array(await response.arrayBuffer())).toEqual(logo.bytes)
	for (const slug of ['nobody', 'Not A Slug', '../etc']) expect(await status(slug)).toBe(404)
})
