import { useMemo } from 'react'
import { data, Form, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/verify'
import { BrowserVerification } from '~/components/credentials/browser-verification'
import { CredentialDetails } from '~/components/credentials/credential-details'
import { VerdictBanner } from '~/components/credentials/verdict-banner'
import { RecordChecks, VerificationChecks } from '~/components/credentials/verification-report'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { SubmitButton } from '~/components/ui/submit-button'
import { viewCredential } from '~/credentials/credential-view'
import { isConfirmed } from '~/credentials/verdict'
import { isPresentation } from '~/credentials/skills-record'
import { hitRateLimit } from '~/auth/rate-limit.server'
import { BodyTooLargeError, readBoundedFormData } from '~/http/bounded-form.server'
import { getClientAddress } from '~/http/request-context'
import { parseForm } from '~/http/form-submission'
import { trustedIssuers } from '~/issuing/trust-list.server'
import { browserVerifierOptions } from '~/issuing/verify.server'
import { VerificationBusyError, VerificationOverBudgetError, verifyUpload } from '~/issuing/verify-pool.server'
import { formatDate } from '~/format/dates'

export const meta: Route.MetaFunction = () => pageTitle('Verify a credential')

/** The issuers besides this site whose credentials verify as valid here, as the operator listed them. */
export async function loader() {
	const trusted = await trustedIssuers()
	return {
		trusted: trusted.map(({ did, name, url, since }) => ({ did, name, url, since: since.toISOString() })),
		verifier: await browserVerifierOptions(),
	}
}

/**
 * Sizes fitted to real documents: a credential of this site is about 6 KB, and 256 KB leaves room
 * for embedded images and endorsements; a skills record holds up to 200 credentials, so 2 MB. The
 * form around the document adds a little.
 */
const MAX_CREDENTIAL_BYTES = 256 * 1024
const MAX_RECORD_BYTES = 2 * 1024 * 1024
const MAX_BODY_BYTES = MAX_RECORD_BYTES + 64 * 1024
const TOO_LARGE =
	'It is larger than 2 MB, the most this page accepts (a skills record; a credential is at most 256 KB).'

function problem(message: string, status: number) {
	return data({ ok: false as const, message }, { status })
}

/** The credential pasted, or its file (which wins); a field sent twice or of the wrong kind counts as not sent. */
const credentialFormSchema = z.object({
	credential: z.string().optional().catch(undefined),
	file: z.file().optional().catch(undefined),
})

/** Verifying costs real work (up to 2 MB of JSON-LD): 60 per 10 minutes from one address. */
const VERIFY_RULE = { limit: 60, windowMs: 10 * 60 * 1000 }

export async function action({ request, context }: Route.ActionArgs) {
	const limit = await hitRateLimit(`verify:ip:${getClientAddress(context)}`, VERIFY_RULE)
	if (limit.count > VERIFY_RULE.limit) {
		const minutes = Math.max(1, Math.ceil((limit.resetAt - Date.now()) / 60_000))
		return problem(
			`Too many verifications from your address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
			429,
		)
	}
	// The body is read only up to a little over the largest credential, before conform parses it.
	let formData: FormData
	try {
		formData = await readBoundedFormData(request, MAX_BODY_BYTES)
	} catch (error) {
		if (error instanceof BodyTooLargeError) return problem(TOO_LARGE, 413)
		return problem('The form could not be read. Paste the credential or choose its file, then try again.', 400)
	}
	const submission = parseForm(formData, { schema: credentialFormSchema, disableAutoCoercion: true })
	if (submission.status !== 'success') return problem('Paste a credential or choose a file that contains one.', 400)
	const { credential: pasted, file } = submission.value
	let text = pasted?.trim() ?? ''
	if (file && file.size > 0) {
		if (file.size > MAX_RECORD_BYTES) return problem(TOO_LARGE, 413)
		text = (await file.text()).trim()
	}
	if (!text) return problem('Paste a credential or choose a file that contains one.', 400)
	const bytes = new TextEncoder().encode(text).byteLength
	if (bytes > MAX_RECORD_BYTES) return problem(TOO_LARGE, 413)
	let credential: unknown
	try {
		credential = JSON.parse(text)
	} catch {
		return problem('This is not JSON. A credential is a JSON document that starts with “{”.', 400)
	}
	const kind = isPresentation(credential) ? 'record' : 'credential'
	if (kind === 'credential' && bytes > MAX_CREDENTIAL_BYTES)
		return problem(
			`This credential is ${Math.ceil(bytes / 1024)} KB; a credential is at most 256 KB here (real ones are a few KB).`,
			413,
		)
	let result
	try {
		result = await verifyUpload(kind, credential)
	} catch (error) {
		if (error instanceof VerificationOverBudgetError)
			return problem(
				`Checking this ${kind === 'record' ? 'skills record' : 'credential'} took longer than ${error.budgetMs / 1000} seconds, so it was stopped. Real ones take far less: this one is built in an unusual way, or the site is very busy. Try again in a minute.`,
				422,
			)
		if (error instanceof VerificationBusyError)
			return data(
				{ ok: false as const, message: 'Too many documents are being checked right now. Try again in a minute.' },
				{ status: 503, headers: { 'Retry-After': '30' } },
			)
		throw error
	}
	if (result.kind === 'record') {
		const record = result.report
		return data(
			{ ok: true as const, kind: 'record' as const, record },
			{ status: record.state === 'invalid' ? 422 : 200 },
		)
	}
	const report = result.report
	// A document that is not even a credential's shape is neither shown nor checked again.
	const wellFormed = report.checks[0]?.outcome === 'pass'
	return data(
		{
			ok: true as const,
			kind: 'credential' as const,
			report,
			view: wellFormed ? viewCredential(credential) : null,
			// For the browser to check again, as it does on a credential's page.
			document: wellFormed ? credential : null,
		},
		{ status: report.state === 'invalid' ? 422 : 200 },
	)
}

/** The uploaded credential checked again in this browser, with the site's rule on issuers. */
function BrowserCheck({ document }: { document: unknown }) {
	const { verifier } = useLoaderData<typeof loader>()
	const source = useMemo(() => ({ document }), [document])
	return <BrowserVerification source={source} verifier={verifier} id="verify-browser" />
}

function TrustedIssuers() {
	const { trusted } = useLoaderData<typeof loader>()
	return (
		<section aria-labelledby="trusted-issuers" className="flex flex-col gap-2">
			<h2 id="trusted-issuers" className="text-xl font-semibold">
				Issuers this site trusts
			</h2>
			<p className="text-ink-muted">
				Besides this site itself, whose credentials are signed with the keys in its{' '}
				<a href="/.well-known/did.json">DID document</a>.
				{trusted.length === 0 ? ' The site’s operator has listed no other issuer.' : null}
			</p>
			{trusted.length > 0 ? (
				<ul className="flex flex-col gap-2">
					{trusted.map((issuer) => (
						<li key={issuer.did}>
							{issuer.url ? <a href={issuer.url}>{issuer.name}</a> : issuer.name}
							<span className="text-sm text-ink-muted"> · trusted since {formatDate(issuer.since)}</span>
							<span className="block break-all font-mono text-sm text-ink-muted">{issuer.did}</span>
						</li>
					))}
				</ul>
			) : null}
		</section>
	)
}

export default function VerifyPage() {
	const result = useActionData<typeof action>()
	return (
		<div className="mx-auto flex max-w-4xl flex-col gap-6">
			<header>
				<h1 className="text-3xl font-bold">Verify a credential</h1>
				<p className="mt-2 text-ink-muted">
					Paste a credential&apos;s JSON or choose its file (a credential up to 256 KB, a skills record up to 2 MB). We
					check its signature, issuer, dates and revocation status. A credential is valid here only when it was issued
					by this site or by an issuer this site trusts (listed below): anyone can sign a document with a key of their
					own and write any name in it. Skills records exported from a skills profile here are checked too (every
					credential in them, and the record&apos;s own signature).
				</p>
			</header>
			<Form method="post" encType="multipart/form-data" className="flex flex-col gap-4">
				<div className="flex flex-col gap-1.5">
					<label htmlFor="credential" className="text-sm font-medium">
						Credential JSON
					</label>
					<textarea
						id="credential"
						name="credential"
						rows={10}
						spellCheck={false}
						className="w-full rounded-control border border-line bg-surface px-3 py-2 font-mono text-sm text-ink"
					/>
				</div>
				<div className="flex flex-col gap-1.5">
					<label htmlFor="file" className="text-sm font-medium">
						Or a credential file
					</label>
					<input
						id="file"
						name="file"
						type="file"
						accept=".json,.jsonld,application/json,application/ld+json"
						className="max-w-full"
					/>
				</div>
				<div>
					<SubmitButton>Verify</SubmitButton>
				</div>
			</Form>
			<div aria-live="polite">
				{result && !result.ok ? (
					<Alert tone="error" role="alert">
						{result.message}
					</Alert>
				) : null}
				{result?.ok && result.kind === 'record' ? <RecordChecks report={result.record} /> : null}
				{result?.ok && result.kind === 'credential' ? (
					<div className="flex flex-col gap-6">
						<VerdictBanner report={result.report} />
						{result.view && isConfirmed(result.report) ? (
							<section aria-labelledby="verified-credential" className="flex flex-col gap-4">
								<h2 id="verified-credential" className="text-2xl font-semibold">
									{result.view.name}
								</h2>
								<CredentialDetails view={result.view} issuer={result.report.issuer} />
							</section>
						) : result.view ? (
							<CredentialDetails view={result.view} confirmed={false} />
						) : null}
						<div className="grid gap-4 md:grid-cols-2">
							<VerificationChecks report={result.report} where="Result" id="verify-result" headingLevel={2} />
							{result.document ? <BrowserCheck document={result.document} /> : null}
						</div>
					</div>
				) : null}
			</div>
			<TrustedIssuers />
		</div>
	)
}
