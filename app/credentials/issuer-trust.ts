/**
 * Whom a signature must come from for a credential to be valid on this site, and what may then be
 * said of its issuer as fact (see verify.ts).
 */

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** An issuer the site's operator trusts: its DID, and its name and address as the operator knows them. */
export type TrustedIssuer = { did: string; name: string; url: string | null }

/**
 * Whom a signature must come from for a credential to be valid here: this site (its own DIDs, every
 * key they ever listed), or an issuer on the operator's trust list. Anyone can sign a document with a
 * key of their own and write any name in it; a signature proves only whose key made it.
 */
export type IssuerTrust = {
	/**
	 * This site's DIDs, whose documents the loader resolves; a DID under one of them
	 * (`<did>:orgs:<slug>`, an organisation issuing on this site) is this site's too.
	 */
	siteDids: readonly string[]
	/** The site's name, for “Issued by <organisation> · through <site>”. */
	siteName: string
	/** This site's public origin: a document that points here must be signed by one of siteDids. */
	siteOrigin: string
	trusted: readonly TrustedIssuer[]
}

/** site: one of this site's DIDs; trusted: on the trust list; unrecognised: anyone else. */
export type IssuerStanding = 'site' | 'trusted' | 'unrecognised'

/** The host of a URL, or null. */
function hostOf(url: string | null): string | null {
	if (!url) return null
	try {
		return new URL(url).host || null
	} catch {
		return null
	}
}

/**
 * Where a document points at this site, as “its <path> is <value>”, or null: a value that is this
 * site's origin, an address under it, or one of its DIDs. The proof is left out (it names its key).
 */
export function siteClaim(document: Json, trust: IssuerTrust): string | null {
	const origin = trust.siteOrigin.replace(/\/$/, '')
	const isSite = (text: string) =>
		text === origin ||
		text.startsWith(`${origin}/`) ||
		trust.siteDids.some((did) => text === did || text.startsWith(`${did}#`) || text.startsWith(`${did}:`))
	const pending: Array<{ value: unknown; path: string }> = Object.entries(document)
		.filter(([key]) => key !== 'proof')
		.map(([key, value]) => ({ value, path: key }))
	while (pending.length > 0) {
		const { value, path } = pending.shift()!
		if (typeof value === 'string') {
			if (isSite(value)) return `its ${path} is ${value.length > 120 ? `${value.slice(0, 120)}…` : value}`
		} else if (Array.isArray(value)) {
			value.forEach((entry, i) => pending.push({ value: entry, path: `${path}[${i}]` }))
		} else if (isObject(value)) {
			for (const [key, entry] of Object.entries(value)) pending.push({ value: entry, path: `${path}.${key}` })
		}
	}
	return null
}

/** Where the issuer stands with this site, and what may be said of it as fact. */
export function issuerStanding(
	issuerId: string,
	claimedName: string | null,
	claimedUrl: string | null,
	trust: IssuerTrust,
) {
	if (trust.siteDids.includes(issuerId)) {
		// This site signed the profile it wrote: its name and address are its own.
		const domain = hostOf(claimedUrl) ?? hostOf(trust.siteOrigin)
		return { standing: 'site' as const, name: claimedName, domain, through: null }
	}
	if (trust.siteDids.some((did) => issuerId.startsWith(`${did}:`))) {
		// An organisation issuing on this site, under a DID of this site's: the profile is the one this
		// site keeps for it, signed with its key.
		const domain = hostOf(claimedUrl) ?? hostOf(trust.siteOrigin)
		return { standing: 'site' as const, name: claimedName, domain, through: trust.siteName }
	}
	const trusted = trust.trusted.find((t) => t.did === issuerId)
	if (trusted) return { standing: 'trusted' as const, name: trusted.name, domain: hostOf(trusted.url), through: null }
	return { standing: 'unrecognised' as const, name: null, domain: null, through: null }
}
