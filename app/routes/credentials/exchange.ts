import type { Route } from './+types/exchange'
import { logger } from '~/log.server'
import { ExchangeError, exchangeProtocols, participateInExchange } from '~/issuing/wallet-exchange.server'

/**
 * A VC-API exchange, for wallets (app/issuing/wallet-exchange.server.ts): GET its `protocols`, POST
 * `{}` for the presentation request, then the signed DIDAuth presentation for the credential. JSON
 * in and out; no cookie is read, so it is open to requests from any origin (server/app.ts).
 */
const json = (body: unknown, status = 200) =>
	new Response(JSON.stringify(body), {
		status,
		headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' },
	})

const ID = /^[A-Za-z0-9_-]{32}$/

async function answer(work: () => Promise<unknown>) {
	try {
		return json(await work())
	} catch (error) {
		if (error instanceof ExchangeError) return json({ error: error.message }, error.status)
		throw error
	}
}

export async function loader({ params }: Route.LoaderArgs) {
	if (!ID.test(params.exchangeId)) return json({ error: 'There is no exchange at this address.' }, 404)
	return answer(() => exchangeProtocols(params.exchangeId))
}

export async function action({ request, params }: Route.ActionArgs) {
	if (request.method !== 'POST') return json({ error: 'Exchanges take POST.' }, 405)
	if (!ID.test(params.exchangeId)) return json({ error: 'There is no exchange at this address.' }, 404)
	const text = await request.text()
	let body: unknown = {}
	if (text.trim()) {
		try {
			body = JSON.parse(text)
		} catch {
			return json({ error: 'Send JSON: {} to begin, then your signed presentation.' }, 400)
		}
	}
	const response = await answer(() => participateInExchange(params.exchangeId, body))
	if (response.status === 200 && body && typeof body === 'object' && Object.keys(body).length > 0)
		logger.info({ exchange: params.exchangeId.slice(0, 6) }, 'A wallet received a credential.')
	return response
}
