import { useState } from 'react'
import QRCode from 'qrcode'
import { data, Form, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/wallet'
import { requireUser } from '~/auth/auth.server'
import { hitRateLimit } from '~/auth/rate-limit.server'
import { formatDate, formatDateTime, formatMonthYear } from '~/format/dates'
import { CredentialStateBadge } from '~/components/credentials/credential-state-badge'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { Button, buttonClass } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { SubmitButton } from '~/components/ui/submit-button'
import { ISSUER_NAME } from '~/credentials/issuer'
import { isWithdrawn } from '~/credentials/credential-state'
import { linkedInAddUrl } from '~/credentials/linkedin'
import { redirectWithFlash } from '~/http/flash.server'
import { verificationUrl } from '~/issuing/issuer.server'
import { ExchangeError, startWalletExchange } from '~/issuing/wallet-exchange.server'
import {
	dismissCredentialNotice,
	listCredentialNotices,
	listMyCredentials,
	setPublicLink,
} from '~/issuing/wallet.server'
import { parseForm } from '~/http/form-submission'

export const meta: Route.MetaFunction = () => pageTitle('My credentials')

const NOTICE_TEXT: Record<string, string> = {
	revoked: 'was revoked',
	suspended: 'was suspended',
	reinstated: 'is no longer suspended',
}

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const [credentials, notices] = await Promise.all([listMyCredentials(user.id), listCredentialNotices(user.id)])
	const names = new Map(credentials.map((c) => [c.id, c.name]))
	return {
		credentials: credentials.map((c) => {
			const url = verificationUrl(c.publicId)
			const withdrawn = isWithdrawn(c.state)
			return {
				id: c.id,
				name: c.name,
				issuerName: c.issuerName,
				state: c.state,
				issuedAt: c.issuedAt.toISOString(),
				validUntil: c.validUntil.toISOString(),
				revokedReason: c.revokedReason,
				suspendedReason: c.suspendedReason,
				publicLinkEnabled: c.publicLinkEnabled,
				url,
				credentialUri: c.credentialUri,
				withdrawn,
				linkedIn: withdrawn
					? null
					: linkedInAddUrl({
							name: c.name,
							organizationName: c.issuerName,
							issuedAt: c.issuedAt,
							expiresAt: c.validUntil,
							certUrl: url,
							certId: c.credentialUri,
						}),
			}
		}),
		notices: notices.map((n) => ({
			id: n.id,
			text: `Your credential “${names.get(n.credential.id) ?? n.credential.pathSlug}” ${NOTICE_TEXT[n.kind] ?? n.kind} on ${formatDate(n.createdAt)}.`,
			reason: n.reason,
		})),
	}
}

const actionSchema = z.discriminatedUnion('intent', [
	z.object({
		intent: z.literal('public-link'),
		credentialId: z.string().min(1).max(64),
		enabled: z.enum(['true', 'false']),
	}),
	z.object({ intent: z.literal('dismiss'), eventId: z.string().min(1).max(64) }),
	z.object({ intent: z.literal('to-wallet'), credentialId: z.string().min(1).max(64) }),
])

/** Wallet exchanges a learner may start in an hour: every retry a person makes, not a script's. */
const EXCHANGE_START_RULE = { limit: 20, windowMs: 60 * 60_000 }

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const submission = parseForm(await request.formData(), { schema: actionSchema, disableAutoCoercion: true })
	if (submission.status !== 'success') throw data({ message: 'This request is not valid.' }, { status: 400 })
	const input = submission.value
	if (input.intent === 'dismiss') {
		await dismissCredentialNotice(user.id, input.eventId)
		return { ok: true }
	}
	if (input.intent === 'to-wallet') {
		const limit = await hitRateLimit(`wallet-exchange:user:${user.id}`, EXCHANGE_START_RULE)
		// The count includes this start: the limit-th is still allowed.
		if (limit.count > EXCHANGE_START_RULE.limit) {
			const minutes = Math.max(1, Math.ceil((limit.resetAt - Date.now()) / 60_000))
			throw data(
				{
					message: `You have started ${EXCHANGE_START_RULE.limit} wallet exchanges in the last hour: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
				},
				{ status: 429 },
			)
		}
		try {
			const exchange = await startWalletExchange(user.id, input.credentialId)
			const qr = await QRCode.toString(exchange.lcw, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
			return {
				ok: true,
				exchange: {
					credentialId: input.credentialId,
					vcapi: exchange.vcapi,
					lcw: exchange.lcw,
					learnCard: exchange.learnCard,
					expiresAt: exchange.expiresAt.toISOString(),
					qr: `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`,
				},
			}
		} catch (error) {
			if (error instanceof ExchangeError) throw data({ message: error.message }, { status: error.status })
			throw error
		}
	}
	const enabled = input.enabled === 'true'
	const changed = await setPublicLink(user.id, input.credentialId, enabled)
	if (!changed) throw data({ message: 'There is no such credential of yours.' }, { status: 404 })
	return redirectWithFlash('/credentials', {
		kind: 'success',
		message: enabled
			? 'The public link works again.'
			: 'The public link is off: it now answers “not found” and says nothing about the credential.',
	})
}

function CopyButton({ text, label }: { text: string; label: string }) {
	const [copied, setCopied] = useState(false)
	return (
		<Button
			variant="secondary"
			className="min-h-9 px-3"
			aria-label={label}
			onClick={() => {
				void navigator.clipboard.writeText(text).then(() => {
					setCopied(true)
					setTimeout(() => setCopied(false), 2000)
				})
			}}
		>
			<span aria-live="polite">{copied ? 'Copied' : 'Copy'}</span>
		</Button>
	)
}

type WalletCredential = Awaited<ReturnType<typeof loader>>['credentials'][number]

function LinkedInFields({ credential }: { credential: WalletCredential }) {
	const fields = [
		['Name', credential.name],
		['Issuing organisation', credential.issuerName],
		['Issue date', formatMonthYear(credential.issuedAt)],
		['Expiration date', formatMonthYear(credential.validUntil)],
		['Credential ID', credential.credentialUri],
		['Credential URL', credential.url],
	] as const
	return (
		<details className="rounded-control border border-line p-3">
			<summary className="cursor-pointer font-medium">Fields to copy into LinkedIn</summary>
			<p className="mt-2 text-sm text-ink-muted">
				LinkedIn fills its form from the button on a best-effort basis; if a field is empty there, copy it from here.
			</p>
			<dl className="mt-3 grid gap-2">
				{fields.map(([label, value]) => (
					<div key={label} className="flex flex-wrap items-center gap-2">
						<dt className="w-40 text-sm font-medium text-ink-muted">{label}</dt>
						<dd className="min-w-0 flex-1 break-all">{value}</dd>
						<CopyButton text={value} label={`Copy ${label.toLowerCase()}`} />
					</div>
				))}
			</dl>
		</details>
	)
}

type Exchange = { credentialId: string; vcapi: string; lcw: string; learnCard: string; expiresAt: string; qr: string }

/** Sending the credential to a wallet: a QR code and links, valid for 15 minutes and once. */
function ToWallet({ credential }: { credential: WalletCredential }) {
	const answer = useActionData<typeof action>() as { exchange?: Exchange } | undefined
	const exchange = answer?.exchange?.credentialId === credential.id ? answer.exchange : null
	const headingId = `to-wallet-${credential.id}`
	return (
		<section aria-labelledby={headingId} className="flex flex-col gap-3 border-t border-line pt-4">
			<h3 id={headingId} className="font-semibold">
				Send to a wallet
			</h3>
			<p className="text-sm text-ink-muted">
				Your wallet (the Learner Credential Wallet, LearnCard or another that speaks VC-API) receives its own copy, made
				out to the wallet&apos;s identity and signed by the same issuer. If the credential is revoked, so is the copy.
			</p>
			{exchange ? (
				<div className="flex flex-wrap items-start gap-4" data-exchange={exchange.vcapi}>
					<img
						src={exchange.qr}
						alt="QR code: scan it with your wallet app"
						width={176}
						height={176}
						className="h-44 w-44 rounded-control border border-line bg-white"
					/>
					<div className="flex min-w-0 flex-1 flex-col gap-2 text-sm">
						<p>
							Scan the code with your wallet, or on this device open it in{' '}
							<a href={exchange.lcw}>the Learner Credential Wallet</a> or <a href={exchange.learnCard}>LearnCard</a>.
						</p>
						<p className="text-ink-muted">
							It works once, until <time dateTime={exchange.expiresAt}>{formatDateTime(exchange.expiresAt)}</time>.
						</p>
						<div className="flex flex-wrap items-center gap-2">
							<label htmlFor={`exchange-${credential.id}`} className="font-medium">
								Exchange address
							</label>
							<input
								id={`exchange-${credential.id}`}
								readOnly
								value={exchange.vcapi}
								className="min-w-0 flex-1 rounded-control border border-line bg-surface px-3 py-2"
							/>
							<CopyButton text={exchange.vcapi} label="Copy the exchange address" />
						</div>
					</div>
				</div>
			) : (
				<Form method="post">
					<input type="hidden" name="intent" value="to-wallet" />
					<input type="hidden" name="credentialId" value={credential.id} />
					<SubmitButton variant="secondary">Send to a wallet</SubmitButton>
				</Form>
			)}
		</section>
	)
}

function CredentialCard({ credential }: { credential: WalletCredential }) {
	const headingId = `credential-${credential.id}`
	return (
		<Card>
			<article aria-labelledby={headingId} className="flex flex-col gap-4">
				<header className="flex flex-wrap items-start justify-between gap-2">
					<div>
						<h2 id={headingId} className="text-xl font-semibold">
							{credential.name}
						</h2>
						<p className="text-sm text-ink-muted">
							Issued {formatDate(credential.issuedAt)} · valid until {formatDate(credential.validUntil)}
						</p>
					</div>
					<CredentialStateBadge state={credential.state} />
				</header>
				{credential.state === 'revoked' && credential.revokedReason ? (
					<Alert tone="error">Revoked by the issuer. Reason: {credential.revokedReason}</Alert>
				) : null}
				{credential.state === 'suspended' && credential.suspendedReason ? (
					<Alert tone="error">Suspended by the issuer. Reason: {credential.suspendedReason}</Alert>
				) : null}
				<div className="flex flex-wrap gap-2">
					<a className={buttonClass('secondary')} href={`/credentials/${credential.id}/credential.json`} download>
						Download JSON
					</a>
					{credential.withdrawn ? null : (
						<a className={buttonClass('secondary')} href={`/credentials/${credential.id}/certificate.pdf`} download>
							Download PDF certificate
						</a>
					)}
					{credential.publicLinkEnabled ? (
						<>
							<a className={buttonClass('secondary')} href={credential.url}>
								Open verification page
							</a>
							{credential.linkedIn ? (
								<a
									className={buttonClass('secondary')}
									href={credential.linkedIn}
									rel="noopener noreferrer"
									target="_blank"
								>
									Add to LinkedIn profile<span className="sr-only"> (opens LinkedIn in a new tab)</span>
								</a>
							) : null}
						</>
					) : null}
				</div>
				{credential.withdrawn ? (
					<p className="text-sm text-ink-muted">
						While it is {credential.state}, it has no PDF certificate and is not offered for LinkedIn.
					</p>
				) : null}
				{credential.publicLinkEnabled ? (
					<div className="flex flex-wrap items-center gap-2">
						<label htmlFor={`link-${credential.id}`} className="text-sm font-medium">
							Public link
						</label>
						<input
							id={`link-${credential.id}`}
							readOnly
							value={credential.url}
							className="min-w-0 flex-1 rounded-control border border-line bg-surface px-3 py-2 text-sm"
						/>
						<CopyButton text={credential.url} label="Copy the public link" />
					</div>
				) : (
					<p className="text-sm text-ink-muted">
						The public link is off: anyone who opens it sees “not found”, and nothing about this credential.
					</p>
				)}
				<Form method="post" className="flex flex-wrap items-center gap-2">
					<input type="hidden" name="intent" value="public-link" />
					<input type="hidden" name="credentialId" value={credential.id} />
					<input type="hidden" name="enabled" value={credential.publicLinkEnabled ? 'false' : 'true'} />
					<SubmitButton variant={credential.publicLinkEnabled ? 'danger' : 'secondary'}>
						{credential.publicLinkEnabled ? 'Turn off the public link' : 'Turn on the public link'}
					</SubmitButton>
				</Form>
				{credential.publicLinkEnabled && credential.linkedIn ? <LinkedInFields credential={credential} /> : null}
				{credential.withdrawn ? null : <ToWallet credential={credential} />}
			</article>
		</Card>
	)
}

export default function WalletPage() {
	const { credentials, notices } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<header>
				<h1 className="text-3xl font-bold">My credentials</h1>
				<p className="mt-2 text-ink-muted">
					Each credential is signed by its issuer — your organisation, through {ISSUER_NAME}, or {ISSUER_NAME} itself —
					and can be checked by anyone from its link, with no account.
				</p>
			</header>
			{notices.map((notice) => (
				<Alert key={notice.id} tone="info" role="status" className="flex flex-wrap items-center justify-between gap-2">
					<span>
						{notice.text}
						{notice.reason ? ` Reason: ${notice.reason}` : ''}
					</span>
					<Form method="post">
						<input type="hidden" name="intent" value="dismiss" />
						<input type="hidden" name="eventId" value={notice.id} />
						<SubmitButton variant="ghost" className="min-h-9 px-3">
							Dismiss
						</SubmitButton>
					</Form>
				</Alert>
			))}
			{credentials.length === 0 ? (
				<p>
					You have no credentials yet. Pass a path&apos;s final assessment to earn one:{' '}
					<a href="/paths">browse the catalogue</a>.
				</p>
			) : (
				credentials.map((credential) => <CredentialCard key={credential.id} credential={credential} />)
			)}
		</div>
	)
}
