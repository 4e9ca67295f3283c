/**
 * The Open Badges 3.0 AchievementCredential (VC Data Model 2.0) for a passed path: built unsigned,
 * or built and signed in one call from plain data, a key and a document loader. Every term used
 * here is defined by the VC 2.0 or OB 3.0.3 context: JSON-LD safe mode refuses to sign anything else.
 */
import type { Ed25519KeyPair } from '@digitalbazaar/ed25519-multikey'
import type { DocumentLoader } from '@digitalbazaar/vc'
import { CREDENTIAL_CONTEXT } from './contexts'
import { sha256Hex, xsdDateTime } from './encoding'
import type { IssuerProfile } from './issuer'
import { signCredential } from './sign'

export type AlignedSkill = {
	framework: 'ESCO' | 'DigComp 2.2' | 'Skillproof'
	label: string
	/** Absolute URI of the skill (ESCO's own, or a page of this site). */
	uri: string
	/** The framework's code where it has one (DigComp competence number). */
	code?: string
}

export type StatusEntry = { purpose: 'revocation' | 'suspension'; listUrl: string; index: number }

export type AchievementCredentialInput = {
	issuer: IssuerProfile
	/**
	 * Who made the achievement, when not the issuer: this site writes every path, and an organisation
	 * issues the credentials of its learners. The achievement's own address serves it with this creator.
	 */
	creator?: IssuerProfile
	/** A random UUID: the credential's id is `urn:uuid:<id>`. */
	credentialId: string
	achievement: {
		/** Stable per path and content version. */
		id: string
		name: string
		description: string
		criteria: string
		imageUrl: string
		version: string
		topic: string
		skills: AlignedSkill[]
		passMark: number
	}
	/** The email is carried only as a salted hash (OB 3.0 IdentityObject). */
	learner: { name: string; email: string; salt: string }
	result: { score: number; assessedAt: Date; questionCount: number }
	/** The moment of issue: also the proof's `created` when signed. */
	validFrom: Date
	validUntil: Date
	status: StatusEntry[]
}

/** OB 3.0 hashed identity: `sha256$` + hex SHA-256 of the value followed by the salt. */
export async function hashIdentity(value: string, salt: string): Promise<string> {
	return `sha256$${await sha256Hex(value + salt)}`
}

const percent = (fraction: number) => String(Math.round(fraction * 100))

const resultDescriptionId = (achievementId: string) => `${achievementId}#final-assessment`

/** The OB 3.0 Achievement: what the credential certifies, and what its id resolves to. */
export function buildAchievement(achievement: AchievementCredentialInput['achievement'], issuer: IssuerProfile) {
	return {
		id: achievement.id,
		type: ['Achievement'],
		achievementType: 'MicroCredential',
		name: achievement.name,
		description: achievement.description,
		criteria: { id: `${achievement.id}#criteria`, narrative: achievement.criteria },
		image: { id: achievement.imageUrl, type: 'Image', caption: `${achievement.name} badge` },
		creator: issuer,
		version: achievement.version,
		inLanguage: 'en',
		tag: [achievement.topic],
		alignment: achievement.skills.map((skill) => ({
			type: ['Alignment'],
			targetName: skill.label,
			targetUrl: skill.uri,
			targetFramework: skill.framework,
			targetType: 'ceasn:Competency',
			...(skill.code ? { targetCode: skill.code } : {}),
		})),
		resultDescription: [
			{
				id: resultDescriptionId(achievement.id),
				type: ['ResultDescription'],
				name: 'Final assessment score',
				resultType: 'Percent',
				valueMin: '0',
				valueMax: '100',
				requiredValue: percent(achievement.passMark),
			},
		],
	}
}

export async function buildAchievementCredential(input: AchievementCredentialInput) {
	const { achievement, learner, result } = input
	return {
		'@context': [...CREDENTIAL_CONTEXT],
		id: `urn:uuid:${input.credentialId}`,
		type: ['VerifiableCredential', 'AchievementCredential'],
		name: achievement.name,
		description: achievement.description,
		issuer: input.issuer,
		validFrom: xsdDateTime(input.validFrom),
		validUntil: xsdDateTime(input.validUntil),
		credentialSubject: {
			type: ['AchievementSubject'],
			identifier: [
				{
					type: 'IdentityObject',
					identityType: 'name',
					hashed: false,
					identityHash: learner.name,
				},
				{
					type: 'IdentityObject',
					identityType: 'emailAddress',
					hashed: true,
					identityHash: await hashIdentity(learner.email.trim().toLowerCase(), learner.salt),
					salt: learner.salt,
				},
			],
			achievement: buildAchievement(achievement, input.creator ?? input.issuer),
			result: [
				{
					type: ['Result'],
					resultDescription: resultDescriptionId(achievement.id),
					value: percent(result.score),
					status: 'Completed',
				},
			],
		},
		evidence: [
			{
				type: ['Evidence'],
				name: 'Final assessment',
				description: `A ${result.questionCount}-question assessment drawn at random from the path's question bank and graded on the server, passed on ${xsdDateTime(result.assessedAt).slice(0, 10)} with ${percent(result.score)}% (pass mark ${percent(achievement.passMark)}%).`,
			},
		],
		credentialStatus: input.status.map((entry) => ({
			id: `${entry.listUrl}#${entry.index}`,
			type: 'BitstringStatusListEntry',
			statusPurpose: entry.purpose,
			statusListIndex: String(entry.index),
			statusListCredential: entry.listUrl,
		})),
	}
}

export type AchievementCredential = Awaited<ReturnType<typeof buildAchievementCredential>>

export type SignAchievementCredentialInput = AchievementCredentialInput & {
	/** The issuer's current signing key (its id is a verification method of `issuer.id`). */
	signingKey: Ed25519KeyPair
	/** Resolves the contexts (and the issuer's DID document) while signing. */
	documentLoader: DocumentLoader
}

/**
 * The signed credential, ready to store and hand out: built from the input and signed with an
 * eddsa-rdfc-2022 proof dated `validFrom`. Nothing else goes in (Ed25519 signatures are
 * deterministic), so the same input always gives the same document.
 */
export async function signAchievementCredential(input: SignAchievementCredentialInput) {
	const { signingKey, documentLoader, ...credential } = input
	return signCredential(await buildAchievementCredential(credential), signingKey, documentLoader, input.validFrom)
}

export type SignedAchievementCredential = Awaited<ReturnType<typeof signAchievementCredential>>
