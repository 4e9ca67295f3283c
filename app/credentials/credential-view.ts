/**
 * What a person reads about a credential, taken from the signed document itself (so the page
 * shows exactly what was signed): the achievement, its skills, criteria and result.
 */
type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const str = (value: unknown) => (typeof value === 'string' ? value : null)
const list = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : [value])

export type CredentialView = {
	name: string
	description: string | null
	learnerName: string | null
	issuer: { id: string | null; name: string | null; url: string | null; imageUrl: string | null }
	validFrom: string | null
	validUntil: string | null
	criteria: string | null
	imageUrl: string | null
	skills: Array<{ label: string; url: string | null; framework: string | null; code: string | null }>
	result: { score: string | null; passMark: string | null } | null
	evidence: string[]
}

export function viewCredential(document: unknown): CredentialView {
	const credential = isObject(document) ? document : {}
	const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {}
	const achievement = isObject(subject.achievement) ? subject.achievement : {}
	const issuer = isObject(credential.issuer) ? credential.issuer : { id: credential.issuer }
	const name = list(subject.identifier)
		.filter(isObject)
		.find((i) => i.identityType === 'name' && i.hashed === false)
	const resultDescription = list(achievement.resultDescription).filter(isObject)[0]
	const result = list(subject.result).filter(isObject)[0]
	const image = achievement.image
	return {
		name: str(credential.name) ?? str(achievement.name) ?? 'Untitled credential',
		description: str(achievement.description) ?? str(credential.description),
		learnerName: str(name?.identityHash) ?? str(subject.name),
		issuer: {
			id: str(issuer.id),
			name: str(issuer.name),
			url: str(issuer.url),
			imageUrl: isObject(issuer.image) ? str(issuer.image.id) : str(issuer.image),
		},
		validFrom: str(credential.validFrom),
		validUntil: str(credential.validUntil),
		criteria: isObject(achievement.criteria) ? str(achievement.criteria.narrative) : null,
		imageUrl: isObject(image) ? str(image.id) : str(image),
		skills: list(achievement.alignment)
			.filter(isObject)
			.map((a) => ({
				label: str(a.targetName) ?? 'Unnamed skill',
				url: str(a.targetUrl),
				framework: str(a.targetFramework),
				code: str(a.targetCode),
			})),
		result: result
			? { score: str(result.value), passMark: resultDescription ? str(resultDescription.requiredValue) : null }
			: null,
		evidence: list(credential.evidence)
			.filter(isObject)
			.map((e) => str(e.description) ?? str(e.narrative) ?? str(e.name))
			.filter((e): e is string => e !== null),
	}
}
