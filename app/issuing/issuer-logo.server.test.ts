/** An organisation's logo: a real PNG of a sensible size, or an SVG with nothing left that runs or loads. */
import { PNG } from 'pngjs'
import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg } from '../../tests/setup/factories'
import { failure } from '../../tests/setup/failure'
import { db } from '../db/db.server'
import { acceptLogo, LogoError } from './issuer-logo.server'
import { getOrgIssuerProfile, getOrgLogo, setOrgLogo } from './issuer-profile.server'
import { verifyOnServer } from './verify.server'

function png(width: number, height: number) {
	const image = new PNG({ width, height })
	image.data.fill(200)
	return new Uint8Array(PNG.sync.write(image))
}
const svg = (text: string) => ({ bytes: new TextEncoder().encode(text), name: 'logo.svg', type: 'image/svg+xml' })
const refusal = async (file: Parameters<typeof acceptLogo>[0]) => {
	const error = await failure(() => acceptLogo(file))
	expect(error).toBeInstanceOf(LogoError)
	return (error as Error).message
}

test('a PNG is kept as it is when it is one, of 16 to 2,048 pixels a side and at most 200 KB', async () => {
	const ok = png(64, 64)
	expect(await acceptLogo({ bytes: ok, name: 'logo.png', type: 'image/png' })).toEqual({ bytes: ok, type: 'image/png' })
	expect(await refusal({ bytes: png(8, 64), name: 'logo.png', type: 'image/png' })).toBe(
		'The logo is 8 × 64 pixels; give one between 16 and 2048 pixels on each side.',
	)
	expect(await refusal({ bytes: new TextEncoder().encode('GIF89a…'), name: 'logo.png', type: 'image/png' })).toBe(
		'This file is not a PNG image.',
	)
	expect(await refusal({ bytes: new Uint8Array(201 * 1024), name: 'logo.png', type: 'image/png' })).toBe(
		'The logo is 201 KB; give one of at most 200 KB.',
	)
	expect(await refusal({ bytes: new Uint8Array(0), name: 'logo.png', type: 'image/png' })).toBe(
		'Choose a PNG or SVG file.',
	)
})

test('an SVG keeps its drawing and loses whatever would run, link out or load something', async () => {
	const hostile = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
		<script>alert(1)</script>
		<style>@import url(https://evil.example/a.css)</style>
		<rect width="10" height="10" fill="#123" onclick="alert(2)"/>
		<a href="javascript:alert(3)"><text>x</text></a>
		<image href="https://evil.example/x.png"/><use xlink:href="https://evil.example/s.svg#a"/>
		<foreignObject><iframe src="https://evil.example"></iframe></foreignObject>
		<circle r="2" fill="url(#g)" style="fill:url(https://evil.example/f)"/></svg>`
	const { bytes, type } = await acceptLogo(svg(hostile))
	const clean = new TextDecoder().decode(bytes)
	expect(type).toBe('image/svg+xml')
	expect(clean).toContain('<rect width="10" height="10" fill="#123">')
	expect(clean).toContain('fill="url(#g)"')
	for (const gone of [
		'script',
		'onload',
		'onclick',
		'javascript:',
		'evil.example',
		'<style',
		'foreignObject',
		'<a ',
		'<image',
		'<use',
	])
		expect(clean).not.toContain(gone)
	expect(await refusal(svg('<html><body>not an image</body></html>'))).toBe('This file is not an SVG image.')
	expect(
		await refusal({ bytes: new Uint8Array([0x3c, 0x73, 0x76, 0x67, 0x20, 0xff, 0xfe]), name: 'a.svg', type: '' }),
	).toBe('This SVG file is not text in UTF-8.')
})

test('an owner sets the logo, new credentials show it at the organisation’s address, and removing it is audited too', async () => {
	const { org, actor } = await createTestOrg('Adatum', { name: 'Ada Owner', role: 'OWNER' })
	const logo = await acceptLogo(
		svg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>'),
	)
	await setOrgLogo(org.id, actor, logo)
	const { did, logoPath } = await getOrgIssuerProfile(org.id)
	expect(logoPath).toMatch(new RegExp(`^/orgs/${org.slug}/logo\\?v=\\d+$`))
	expect(await getOrgLogo(did!)).toEqual({ bytes: logo.bytes, type: 'image/svg+xml' })

	const { row } = await earnCredential({ userId: actor.id })
	const document = JSON.parse(row.document) as {
		issuer: { id: string; image: { id: string; type: string; caption: string } }
	}
	expect(document.issuer.id).toBe(did)
	expect(document.issuer.image).toEqual({
		id: expect.stringMatching(new RegExp(`/orgs/${org.slug}/logo\\?v=\\d+$`)),
		type: 'Image',
		caption: 'Adatum logo',
	})
	expect((await verifyOnServer(document)).state).toBe('valid')

	// Removed: nothing is served, and the audit log has both changes.
	await setOrgLogo(org.id, actor, null)
	expect(await getOrgLogo(did!)).toBeNull()
	expect(await db.auditEvent.count({ where: { orgId: org.id, action: 'settings.issuer' } })).toBe(2)
})
