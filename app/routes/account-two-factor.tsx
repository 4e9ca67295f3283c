import QRCode from 'qrcode'
import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/account-two-factor'
import { requireUser } from '~/auth/auth.server'
import {
	disableTwoFactor,
	enableTwoFactor,
	enrolmentKey,
	getTwoFactorStatus,
	replaceRecoveryCodes,
	totpKeyUri,
} from '~/auth/two-factor.server'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { Card } from '~/components/ui/card'
import { controlClass } from '~/components/ui/filter-fields'
import { SubmitButton } from '~/components/ui/submit-button'
import { formatDateTime } from '~/format/dates'
import { redirectWithFlash } from '~/http/flash.server'
import { parseForm } from '~/http/form-submission'

export const meta: Route.MetaFunction = () => pageTitle('Two-factor sign-in')

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const status = await getTwoFactorStatus(user.id)
	if (status.enabledAt) return { status, enrolment: null }
	const key = await enrolmentKey(user.id)
	const svg = await QRCode.toString(totpKeyUri(user.email, key), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
	return {
		status,
		enrolment: {
			// Groups of four, as people copy it by hand.
			key: key.replace(/(.{4})/g, '$1 ').trim(),
			qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
		},
	}
}

const twoFactorSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('enable'), code: z.string({ error: 'Enter the code' }).trim().max(16) }),
	z.object({
		intent: z.enum(['disable', 'new-codes']),
		currentPassword: z.string({ error: 'Enter your current password' }).max(200),
	}),
])

type Answer = { intent: string; message?: string; recoveryCodes?: string[] }

export async function action({ request, context }: Route.ActionArgs) {
	const { user, session } = requireUser(context, request)
	const submission = parseForm(await request.formData(), { schema: twoFactorSchema })
	if (submission.status !== 'success') {
		return data<Answer>({ intent: 'form', message: 'Fill in the field of the form you used.' }, { status: 400 })
	}
	const input = submission.value
	if (input.intent === 'enable') {
		const outcome = await enableTwoFactor(user, session.id, input.code)
		if (!outcome.ok) return data<Answer>({ intent: input.intent, message: outcome.message }, { status: 400 })
		return data<Answer>({ intent: input.intent, recoveryCodes: outcome.recoveryCodes })
	}
	if (input.intent === 'new-codes') {
		const outcome = await replaceRecoveryCodes(user.id, input.currentPassword)
		if (!outcome.ok) return data<Answer>({ intent: input.intent, message: outcome.message }, { status: 400 })
		return data<Answer>({ intent: input.intent, recoveryCodes: outcome.recoveryCodes })
	}
	const outcome = await disableTwoFactor(user, input.currentPassword)
	if (!outcome.ok) return data<Answer>({ intent: input.intent, message: outcome.message }, { status: 400 })
	return redirectWithFlash('/account/two-factor', {
		kind: 'success',
		message: 'Two-factor sign-in is off. Signing in needs your password only.',
	})
}

function RecoveryCodes({ codes }: { codes: string[] }) {
	return (
		<Card aria-labelledby="codes-heading">
			<h2 id="codes-heading" className="text-xl font-semibold" tabIndex={-1} ref={(heading) => heading?.focus()}>
				Your recovery codes
			</h2>
			<p className="mt-2">
				Save them now, somewhere other than your phone (print them, or keep them in a password manager): this page is
				the only time they are shown. Each code signs you in once if you lose your phone.
			</p>
			<ol className="mt-4 grid grid-cols-2 gap-2 font-mono text-base" aria-label="Recovery codes">
				{codes.map((code) => (
					<li key={code}>{code}</li>
				))}
			</ol>
			<p className="mt-4">
				<Link to="/account">Back to your account</Link>
			</p>
		</Card>
	)
}

function PasswordAction({ intent, label, answer }: { intent: string; label: string; answer: Answer | undefined }) {
	const failed = answer?.intent === intent ? answer.message : undefined
	const id = `${intent}-password`
	return (
		<Form method="post" className="flex flex-wrap items-end gap-3">
			<input type="hidden" name="intent" value={intent} />
			<div className="flex flex-col gap-1.5">
				<label htmlFor={id} className="text-sm font-medium">
					Current password
				</label>
				<input
					id={id}
					name="currentPassword"
					type="password"
					required
					autoComplete="current-password"
					className={controlClass}
					aria-invalid={failed ? true : undefined}
					aria-describedby={failed ? `${id}-error` : undefined}
				/>
				{failed ? (
					<p id={`${id}-error`} role="alert" className="text-sm text-danger">
						{failed}
					</p>
				) : null}
			</div>
			<SubmitButton variant="secondary">{label}</SubmitButton>
		</Form>
	)
}

function Enrolment({ enrolment, answer }: { enrolment: { key: string; qr: string }; answer: Answer | undefined }) {
	const failed = answer?.intent === 'enable' ? answer.message : undefined
	return (
		<Card aria-labelledby="enrol-heading">
			<h2 id="enrol-heading" className="text-xl font-semibold">
				Turn it on
			</h2>
			<ol className="mt-3 flex list-decimal flex-col gap-3 pl-5">
				<li>
					In an authenticator app (such as Google Authenticator, Microsoft Authenticator, 1Password or Aegis), add an
					account by scanning this code:
					<img
						src={enrolment.qr}
						alt="QR code of your two-factor key"
						width={192}
						height={192}
						className="mt-2 bg-white"
					/>
					or by typing this key: <code className="font-mono">{enrolment.key}</code>
				</li>
				<li>
					<Form method="post" className="flex flex-wrap items-end gap-3">
						<input type="hidden" name="intent" value="enable" />
						<div className="flex flex-col gap-1.5">
							<label htmlFor="enable-code" className="text-sm font-medium">
								Enter the 6-digit code the app shows
							</label>
							<input
								id="enable-code"
								name="code"
								required
								inputMode="numeric"
								autoComplete="one-time-code"
								pattern="\d{6}"
								maxLength={6}
								className={controlClass}
								aria-invalid={failed ? true : undefined}
								aria-describedby={failed ? 'enable-code-error' : undefined}
							/>
							{failed ? (
								<p id="enable-code-error" role="alert" className="text-sm text-danger">
									{failed}
								</p>
							) : null}
						</div>
						<SubmitButton>Turn on two-factor sign-in</SubmitButton>
					</Form>
				</li>
			</ol>
		</Card>
	)
}

export default function AccountTwoFactor() {
	const { status, enrolment } = useLoaderData<typeof loader>()
	const answer = useActionData<typeof action>()
	if (answer?.recoveryCodes) {
		return (
			<div className="flex flex-col gap-6">
				<h1 className="text-3xl font-bold">Two-factor sign-in</h1>
				<Alert tone="success" role="status">
					{answer.intent === 'enable'
						? 'Two-factor sign-in is on: from now on, signing in asks for a code from your app.'
						: 'New recovery codes are ready; the earlier ones no longer work.'}
				</Alert>
				<RecoveryCodes codes={answer.recoveryCodes} />
			</div>
		)
	}
	return (
		<div className="flex flex-col gap-6">
			<header>
				<p className="text-sm text-ink-muted">
					<Link to="/account">Your account</Link>
				</p>
				<h1 className="text-3xl font-bold">Two-factor sign-in</h1>
				<p className="mt-2 max-w-prose text-ink-muted">
					With two-factor sign-in, signing in asks for your password and a code from an app on your phone, so a stolen
					password alone does not open your account.
				</p>
			</header>
			{enrolment ? (
				<Enrolment enrolment={enrolment} answer={answer} />
			) : (
				<>
					<Card aria-labelledby="state-heading">
						<h2 id="state-heading" className="text-xl font-semibold">
							It is on
						</h2>
						<p className="mt-2">
							Since {formatDateTime(status.enabledAt!)}. Recovery codes left: {status.recoveryCodesLeft} of 10.
						</p>
					</Card>
					<Card aria-labelledby="codes-action-heading">
						<h2 id="codes-action-heading" className="mb-3 text-xl font-semibold">
							New recovery codes
						</h2>
						<PasswordAction intent="new-codes" label="Make new recovery codes" answer={answer} />
					</Card>
					<Card aria-labelledby="off-heading">
						<h2 id="off-heading" className="mb-3 text-xl font-semibold">
							Turn it off
						</h2>
						<PasswordAction intent="disable" label="Turn off two-factor sign-in" answer={answer} />
					</Card>
				</>
			)}
		</div>
	)
}
