import { useEffect, useRef, useState } from 'react'
import {
	data,
	Form,
	Link,
	redirect,
	useActionData,
	useFetcher,
	useLoaderData,
	type ShouldRevalidateFunctionArgs,
} from 'react-router'
import type { Route } from './+types/attempt'
import { requireUser } from '~/auth/auth.server'
import { describeAnswer, QuestionInputs } from '~/components/lesson/knowledge-check'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { ButtonLink } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { SubmitButton } from '~/components/ui/submit-button'
import { cx } from '~/components/ui/cx'
import { requirePath } from '~/content/catalog.server'
import { invariantResponse } from '~/http/invariant'
import { credentialOfAttempt, getAttemptView, saveAnswers, submitAttempt } from '~/learning/assessment.server'
import { ISSUER_NAME } from '~/credentials/issuer'
import { linkedInAddUrl } from '~/credentials/linkedin'
import { verificationUrl } from '~/issuing/issuer.server'
import { getOwnCredential } from '~/issuing/wallet.server'
import { buttonClass } from '~/components/ui/button'
import { formatDateTime } from '~/format/dates'
import { redirectWithFlash } from '~/http/flash.server'
import type { PublicQuestion } from '~/learning/public-question'

export const meta: Route.MetaFunction = () => pageTitle('Final assessment')

export async function loader({ params, request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const path = requirePath(params.pathSlug)
	const view = await getAttemptView(user.id, path, params.attemptId)
	invariantResponse(view, 'There is no such attempt.')
	const credential =
		view.state === 'submitted' && view.result.passed ? await credentialOfAttempt(user.id, view.id) : null
	const earned = credential?.state === 'issued' ? await earnedCredential(user.id, credential.id) : null
	return { path: { slug: path.slug, title: path.title }, view, credential, earned }
}

/** What the result page shows of the credential just earned: its badge, what it certifies, and how to share it. */
async function earnedCredential(userId: string, credentialId: string) {
	const row = await getOwnCredential(userId, credentialId)
	if (!row) return null
	const document = JSON.parse(row.document) as {
		name?: string
		issuer?: { name?: string }
		credentialSubject?: { achievement?: { description?: string; image?: { id?: string } } }
	}
	const achievement = document.credentialSubject?.achievement
	const name = document.name ?? row.pathSlug
	const issuerName = document.issuer?.name ?? ISSUER_NAME
	const url = row.publicLinkEnabled ? verificationUrl(row.publicId) : null
	return {
		id: row.id,
		name,
		issuerName,
		description: achievement?.description ?? '',
		// The badge is served by this site: its path keeps it under the page's own origin.
		image: achievement?.image?.id ? new URL(achievement.image.id).pathname : null,
		url,
		linkedIn: url
			? linkedInAddUrl({
					name,
					organizationName: issuerName,
					issuedAt: row.issuedAt,
					expiresAt: row.validUntil,
					certUrl: url,
					certId: `urn:uuid:${row.id}`,
				})
			: null,
	}
}

/**
 * Three buttons share the form: save (what the page does by itself as answers are given, and a
 * button without JavaScript), save and leave, and submit.
 */
export async function action({ params, request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const path = requirePath(params.pathSlug)
	const form = await request.formData()
	const intent = form.get('intent')
	if (intent === 'save' || intent === 'leave') {
		const saved = await saveAnswers(user.id, path, params.attemptId, form)
		if (!saved.ok) return data({ message: saved.message, missing: [] as string[] }, { status: 400 })
		if (intent === 'save') return { saved: { answered: saved.answered, total: saved.total } }
		return redirectWithFlash(`/paths/${path.slug}`, {
			kind: 'success',
			message: `Your ${saved.answered} of ${saved.total} answers are saved. Come back to the final assessment to finish.`,
		})
	}
	const result = await submitAttempt(user.id, path, params.attemptId, form)
	if (!result.ok) return data({ message: result.message, missing: result.missing ?? [] }, { status: 400 })
	return redirect(`/paths/${path.slug}/assessment/${params.attemptId}`)
}

/** Saving by itself needs no new data: the page already shows what was saved. */
export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
	return formData?.get('intent') === 'save' ? false : defaultShouldRevalidate
}

/** Whether the form holds a whole answer to the question (every position or pair chosen). */
function isAnswered(form: FormData, question: PublicQuestion) {
	const key = `q:${question.id}`
	if (question.type === 'single' || question.type === 'multiple') return form.getAll(key).length > 0
	return question.options.every((option) => Boolean(form.get(`${key}:${option.id}`)))
}

/**
 * Saves the answers as they are given (half a second after the last change), counts them, and warns
 * before the page is left with a change not saved yet.
 */
function useAutosave(
	form: React.RefObject<HTMLFormElement | null>,
	questions: PublicQuestion[],
	initiallyAnswered: number,
) {
	const fetcher = useFetcher<typeof action>()
	const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
	const [answered, setAnswered] = useState(initiallyAnswered)
	const [waiting, setWaiting] = useState(false)
	const [leaving, setLeaving] = useState(false)
	const failed = fetcher.state === 'idle' && fetcher.data && 'message' in fetcher.data ? fetcher.data.message : null
	const unsaved = waiting || fetcher.state !== 'idle' || failed !== null
	useEffect(() => {
		if (!unsaved || leaving) return
		const warn = (event: BeforeUnloadEvent) => event.preventDefault()
		window.addEventListener('beforeunload', warn)
		return () => window.removeEventListener('beforeunload', warn)
	}, [unsaved, leaving])
	const onChange = () => {
		if (!form.current) return
		setAnswered(questions.filter((q) => isAnswered(new FormData(form.current!), q)).length)
		setWaiting(true)
		clearTimeout(timer.current)
		timer.current = setTimeout(() => {
			if (!form.current) return
			const body = new FormData(form.current)
			body.set('intent', 'save')
			setWaiting(false)
			void fetcher.submit(body, { method: 'post' })
		}, 500)
	}
	const status = failed ? `Not saved: ${failed}` : unsaved ? 'Saving…' : 'Every answer given is saved.'
	// Submitting or leaving sends every answer itself: no save is still to come, and no warning.
	const leave = () => {
		clearTimeout(timer.current)
		setLeaving(true)
	}
	return [onChange, answered, status, leave] as const
}

function OpenAttempt() {
	const { path, view } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const questions = view.state === 'open' ? view.questions : []
	const saved = view.state === 'open' ? view.saved : {}
	const formRef = useRef<HTMLFormElement>(null)
	const [onChange, answered, status, leave] = useAutosave(formRef, questions, Object.keys(saved).length)
	if (view.state !== 'open') return null
	const message = actionData && 'message' in actionData ? actionData.message : null
	const missing = actionData && 'missing' in actionData ? actionData.missing : []
	return (
		<Form method="post" className="flex flex-col gap-6" ref={formRef} onChange={onChange}>
			<p className="text-ink-muted">
				Your answers are saved as you give them. This attempt stays open until {formatDateTime(view.deadline)}; after
				that it is submitted with the answers saved.
			</p>
			<p
				role="status"
				className="sticky top-0 z-10 rounded-control border border-line bg-surface px-4 py-2 text-sm font-medium"
			>
				{answered} of {questions.length} answered · {status}
			</p>
			{message ? (
				<Alert tone="error" role="alert">
					{message}
				</Alert>
			) : null}
			{view.questions.map((question, index) => (
				<Card key={question.id}>
					<fieldset className={cx(missing.includes(question.id) && 'border-l-4 border-danger pl-3')}>
						<legend className="mb-3 font-medium">
							<span className="text-ink-muted">
								Question {index + 1} of {view.questions.length}.{' '}
							</span>
							{question.prompt}
							{question.type === 'multiple' ? <span className="text-ink-muted"> (select all that apply)</span> : null}
						</legend>
						<QuestionInputs question={question} saved={saved[question.id]} />
					</fieldset>
				</Card>
			))}
			<div className="flex flex-wrap items-center gap-4">
				<SubmitButton name="intent" value="submit" onClick={leave}>
					Submit my answers
				</SubmitButton>
				<SubmitButton name="intent" value="save" variant="secondary">
					Save my answers
				</SubmitButton>
				<SubmitButton name="intent" value="leave" variant="ghost" onClick={leave}>
					Save, leave and come back later
				</SubmitButton>
			</div>
			<p className="text-sm text-ink-muted">
				<Link to={`/paths/${path.slug}`}>Back to the path</Link>
			</p>
		</Form>
	)
}

type Earned = NonNullable<Awaited<ReturnType<typeof loader>>['earned']>

/** The moment a credential is earned: the badge, what it certifies, and the ways to share and keep it. */
function EarnedCredential({ earned }: { earned: Earned }) {
	return (
		<Card aria-labelledby="earned-heading">
			<div className="flex flex-col gap-4 sm:flex-row sm:items-start">
				{earned.image ? (
					<img
						src={earned.image}
						alt=""
						width={120}
						height={120}
						className="size-30 shrink-0 self-center sm:self-start"
					/>
				) : null}
				<div className="flex flex-col gap-2">
					<p className="text-sm font-medium text-success">Credential earned</p>
					<h2 id="earned-heading" className="text-2xl font-bold">
						{earned.name}
					</h2>
					<p className="text-sm text-ink-muted">Issued by {earned.issuerName}</p>
					<p>{earned.description}</p>
					<div className="mt-2 flex flex-wrap gap-2">
						{earned.url ? (
							<a className={buttonClass('primary')} href={earned.url}>
								Open its verification page
							</a>
						) : null}
						<a className={buttonClass('secondary')} href={`/credentials/${earned.id}/certificate.pdf`} download>
							Download PDF certificate
						</a>
						{earned.linkedIn ? (
							<a className={buttonClass('secondary')} href={earned.linkedIn} rel="noopener noreferrer" target="_blank">
								Add to LinkedIn profile<span className="sr-only"> (opens LinkedIn in a new tab)</span>
							</a>
						) : null}
						<Link className={buttonClass('secondary')} to={`/credentials#credential-${earned.id}`}>
							Copy its link or send it to a wallet
						</Link>
					</div>
				</div>
			</div>
		</Card>
	)
}

function Result() {
	const { path, view, credential, earned } = useLoaderData<typeof loader>()
	if (view.state !== 'submitted') return null
	const { result } = view
	const percent = Math.round(result.score * 100)
	return (
		<div className="flex flex-col gap-6">
			<Alert tone={result.passed ? 'success' : 'error'} role="status">
				<p className="text-lg font-semibold">
					{result.passed ? 'You passed.' : 'Not passed this time.'} You scored {percent}% ({result.correct} of{' '}
					{result.total}
					); the pass mark is {Math.round(result.passMark * 100)}%.
				</p>
				{credential?.state === 'held' ? (
					<p className="mt-2">
						Your pass is recorded. Your credential will be issued the moment you confirm your email address with the
						link we sent you.
					</p>
				) : null}
			</Alert>
			{earned ? <EarnedCredential earned={earned} /> : null}
			{result.missedObjectives.length ? (
				<Card aria-labelledby="review-heading">
					<h2 id="review-heading" className="text-xl font-semibold">
						What to review
					</h2>
					<ul className="mt-3 flex flex-col gap-2">
						{result.missedObjectives.map((m) => (
							<li key={`${m.lessonSlug}:${m.objective}`}>
								{m.objective} — <Link to={`/paths/${path.slug}/${m.lessonSlug}`}>{m.lessonTitle}</Link>
							</li>
						))}
					</ul>
				</Card>
			) : null}
			<div className="flex flex-wrap gap-3">
				<ButtonLink to={`/paths/${path.slug}/assessment`} variant={result.passed ? 'secondary' : 'primary'}>
					{result.passed ? 'Back to the assessment' : 'Try again'}
				</ButtonLink>
				<ButtonLink to="/dashboard" variant="secondary">
					Go to your dashboard
				</ButtonLink>
			</div>
			<section aria-labelledby="answers-heading" className="flex flex-col gap-4">
				<h2 id="answers-heading" className="text-xl font-semibold">
					Your answers
				</h2>
				{result.questions.map((q, i) => (
					<Card key={q.id}>
						<p className="font-medium">
							<span className="text-ink-muted">Question {i + 1}. </span>
							{q.prompt}
						</p>
						<p className={cx('mt-2 font-semibold', q.graded.correct ? 'text-success' : 'text-danger')}>
							{q.graded.correct ? 'Correct' : 'Not correct'}
						</p>
						{!q.graded.correct ? <p className="mt-1">Answer: {describeAnswer(q, q.graded.correctAnswer)}</p> : null}
						<p className="mt-1 text-ink-muted">{q.graded.explanation}</p>
					</Card>
				))}
			</section>
		</div>
	)
}

export default function AttemptPage() {
	const { path, view } = useLoaderData<typeof loader>()
	return (
		<div className="mx-auto flex max-w-3xl flex-col gap-6">
			<p className="text-sm text-ink-muted">
				<Link to={`/paths/${path.slug}`}>{path.title}</Link>
			</p>
			<h1 className="text-3xl font-bold">{view.state === 'open' ? 'Final assessment' : 'Your result'}</h1>
			{view.state === 'open' ? <OpenAttempt /> : <Result />}
		</div>
	)
}
