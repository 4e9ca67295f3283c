import type { Route } from './+types/scim'
import { logger } from '~/log.server'
import { errorBody, GROUP_SCHEMA, holdsNul, ScimError, USER_SCHEMA } from '~/orgs/scim/protocol'
import { createGroup, deleteGroup, getGroup, listGroups, patchGroup, replaceGroup } from '~/orgs/scim/groups.server'
import { authenticateScim, scimBaseUrl, type ScimClient } from '~/orgs/scim/tokens.server'
import { createUser, deleteUser, getUser, listUsers, patchUser, replaceUser } from '~/orgs/scim/users.server'

/**
 * SCIM 2.0 (RFC 7644) for identity providers: /scim/v2/Users and /scim/v2/Groups of the organisation
 * whose bearer token the request carries (app/orgs/scim/), and the discovery documents. JSON in and
 * out; no cookie is read, so it is open to requests from any origin (app/http/origin.ts).
 */
const scim = (body: unknown, status = 200) =>
	new Response(body === null ? null : JSON.stringify(body), {
		status,
		headers: { 'Content-Type': 'application/scim+json; charset=utf-8', 'Cache-Control': 'no-store' },
	})

const fail = (error: ScimError) => {
	const response = scim(errorBody(error), error.status)
	if (error.status === 401) response.headers.set('WWW-Authenticate', 'Bearer realm="scim"')
	return response
}

function serviceProviderConfig() {
	return {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
		documentationUri: `${scimBaseUrl().replace(/\/scim\/v2$/, '')}/`,
		patch: { supported: true },
		bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
		filter: { supported: true, maxResults: 200 },
		changePassword: { supported: false },
		sort: { supported: false },
		etag: { supported: false },
		authenticationSchemes: [
			{
				type: 'oauthbearertoken',
				name: 'Bearer token',
				description: 'A token an owner of the organisation makes on Admin → Access.',
				primary: true,
			},
		],
		meta: { resourceType: 'ServiceProviderConfig', location: `${scimBaseUrl()}/ServiceProviderConfig` },
	}
}

function resourceTypes() {
	const type = (name: string, schema: string) => ({
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
		id: name,
		name,
		endpoint: `/${name}s`,
		schema,
		meta: { resourceType: 'ResourceType', location: `${scimBaseUrl()}/ResourceTypes/${name}` },
	})
	const resources = [type('User', USER_SCHEMA), type('Group', GROUP_SCHEMA)]
	return {
		schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
		totalResults: 2,
		startIndex: 1,
		itemsPerPage: 2,
		Resources: resources,
	}
}

async function requireClient(request: Request) {
	const client = await authenticateScim(request.headers.get('Authorization'))
	if (!client) throw new ScimError(401, 'A valid bearer token of an organisation is needed.')
	return client
}

async function readBody(request: Request): Promise<unknown> {
	const type = (request.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
	if (type !== 'application/scim+json' && type !== 'application/json') {
		throw new ScimError(415, 'Send the body as application/scim+json.', 'invalidSyntax')
	}
	let body: unknown
	try {
		body = JSON.parse(await request.text())
	} catch {
		throw new ScimError(400, 'The body is not JSON.', 'invalidSyntax')
	}
	if (holdsNul(body)) throw new ScimError(400, 'The body holds a NUL character.', 'invalidValue')
	return body
}

/** The resource kind and id of an address under /scim/v2. */
function route(splat: string | undefined) {
	const [kind = '', id, extra] = (splat ?? '').split('/').filter(Boolean)
	if (extra !== undefined || (id !== undefined && !/^[\w-]{1,64}$/.test(id))) return { kind: '', id: undefined }
	return { kind, id }
}

async function answer(work: () => Promise<Response>) {
	try {
		return await work()
	} catch (error) {
		if (error instanceof ScimError) return fail(error)
		logger.error({ err: error }, 'A SCIM request failed')
		throw error
	}
}

const notFound = () => new ScimError(404, 'There is no SCIM resource at this address.')

export function loader({ request, params }: Route.LoaderArgs) {
	return answer(async () => {
		const { kind, id } = route(params['*'])
		if (kind === 'ServiceProviderConfig' && !id) return scim(serviceProviderConfig())
		if (kind === 'ResourceTypes' && !id) return scim(resourceTypes())
		const client: ScimClient = await requireClient(request)
		const search = new URL(request.url).searchParams
		if (kind === 'Users') return scim(id ? await getUser(client, id) : await listUsers(client, search))
		if (kind === 'Groups') return scim(id ? await getGroup(client, id, search) : await listGroups(client, search))
		throw notFound()
	})
}

export function action({ request, params }: Route.ActionArgs) {
	return answer(async () => {
		const { kind, id } = route(params['*'])
		if (kind !== 'Users' && kind !== 'Groups') throw notFound()
		const client = await requireClient(request)
		const users = kind === 'Users'
		if (request.method === 'POST' && !id) {
			const body = await readBody(request)
			return scim(users ? await createUser(client, body) : await createGroup(client, body), 201)
		}
		if (!id) throw new ScimError(405, `${request.method} needs the id of a resource.`)
		if (request.method === 'PUT') {
			const body = await readBody(request)
			return scim(users ? await replaceUser(client, id, body) : await replaceGroup(client, id, body))
		}
		if (request.method === 'PATCH') {
			const body = await readBody(request)
			return scim(users ? await patchUser(client, id, body) : await patchGroup(client, id, body))
		}
		if (request.method === 'DELETE') {
			await (users ? deleteUser(client, id) : deleteGroup(client, id))
			return scim(null, 204)
		}
		throw new ScimError(405, `${request.method} is not supported here.`)
	})
}
