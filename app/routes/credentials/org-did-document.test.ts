import { expect, test } from 'vitest'
import { earnCredential } from '../../../tests/setup/earn-credential'
import { createTestOrg } from '../../../tests/setup/factories'
import { failure } from '../../../tests/setup/failure'
import { loader } from './org-did-document'

const get = (slug: string) =>
	loader({ params: { slug }, request: new Request(`http://localhost/orgs/${slug}/did.json`) } as never)

test("an organisation's DID document is served where did:web resolves it, once it has issued", async () => {
	const { org, actor } = await createTestOrg('Fabrikam', { name: 'Fay Owner', role: 'OWNER' })
	// Before its first credential it has no DID.
	expect(((await failure(() => get(org.slug))) as { init: ResponseInit }).init.status).toBe(404)
	const { row } = await earnCredential({ userId: actor.id })
	const { proof } = JSON.parse(row.document) as { proof: Array<{ verificationMethod: string }> }
	const response = (await get(org.slug)) as Response
	expect(response.headers.get('Content-Type')).toBe('application/did+json')
	expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
	const document = (await response.json()) as { id: string; assertionMethod: string[] }
	expect(document.id.endsWith(`:orgs:${org.slug}`)).toBe(true)
	expect(document.assertionMethod).toEqual([proof[0]!.verificationMethod])
	for (const slug of ['nobody', 'Not A Slug', '../etc'])
		expect(((await failure(() => get(slug))) as { init: ResponseInit }).init.status).toBe(404)
})
