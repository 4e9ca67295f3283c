/**
 * The learner's emails about their credentials, queued in the transaction that issues one or
 * changes its status. Each names the credential as it was signed (its achievement and issuer) and
 * links to the learner's credentials page, which needs a sign-in: the public verification address is
 * the learner's to share, so it stays out of the outbox. The organisation that issued it sees the
 * message in its outbox.
 */
import { config } from '../config.server'
import { viewCredential } from '../credentials/credential-view'
import type { Prisma } from '../db/generated/sqlite/client'
import { queueEmail } from '../email/outbox.server'

type Tx = Prisma.TransactionClient

const credentialsPage = () => `${config.PUBLIC_ORIGIN}/credentials`

export async function queueCredentialIssuedEmail(
	tx: Tx,
	input: {
		orgId: string | null
		learner: { name: string; email: string }
		credentialName: string
		pathTitle: string
		issuerName: string
		validUntil: Date
	},
) {
	await queueEmail(tx, {
		orgId: input.orgId,
		to: input.learner.email,
		content: {
			template: 'credentialIssued',
			props: {
				name: input.learner.name,
				credentialName: input.credentialName,
				pathTitle: input.pathTitle,
				issuerName: input.issuerName,
				validUntil: input.validUntil.toISOString(),
				link: credentialsPage(),
			},
		},
	})
}

export async function queueCredentialStatusEmail(
	tx: Tx,
	input: {
		credential: { orgId: string | null; document: string; user: { name: string; email: string } }
		status: 'revoked' | 'suspended' | 'reinstated'
		reason: string
	},
) {
	const view = viewCredential(JSON.parse(input.credential.document))
	await queueEmail(tx, {
		orgId: input.credential.orgId,
		to: input.credential.user.email,
		content: {
			template: 'credentialStatus',
			props: {
				name: input.credential.user.name,
				status: input.status,
				credentialName: view.name,
				issuerName: view.issuer.name ?? 'The issuer',
				reason: input.reason,
				link: credentialsPage(),
			},
		},
	})
}
