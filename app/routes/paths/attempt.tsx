import { data, Form, Link, redirect, useActionData, useLoaderData } from 'react-router'
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
import { credentialOfAttempt, getAttemptView, submitAttempt } from '~/learning/assessment.server'

export const meta: Route.MetaFunction = () => pageTitle('Final assessment')

export async function loader({ params, request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const path = requirePath(params.pathSlug)
	const view = await getAttemptView(user.id, path, params.attemptId)
	invariantResponse(view, 'There is no such attempt.')
	const credential =
		view.state === 'submitted' && view.result.passed ? await credentialOfAttempt(user.id, view.id) : null
	return { path: { slug: path.slug, title: path.title }, view, credential }
}

export async function action({ params, request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const path = requirePath(params.pathSlug)
	const result = await submitAttempt(user.id, path, params.attemptId, await request.formData())
	if (!result.ok) return data({ message: result.message, missing: result.missing ?? [] }, { status: 400 })
	return redirect(`/paths/${path.slug}/assessment/${params.attemptId}`)
}

function OpenAttempt() {
	const { path, view } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	if (view.state !== 'open') return null
	return (
		<Form method="post" className="flex flex-col gap-6">
			{actionData?.message ? (
				<Alert tone="error" role="alert">
					{actionData.message}
				</Alert>
			) : null}
			{view.questions.map((question, index) => (
				<Card key={question.id}>
					<fieldset className={cx(actionData?.missing.includes(question.id) && 'border-l-4 border-danger pl-3')}>
						<legend className="mb-3 font-medium">
							<span className="text-ink-muted">
								Question {index + 1} of {view.questions.length}.{' '}
							</span>
							{question.prompt}
							{question.type === 'multiple' ? <span className="text-ink-muted"> (select all that apply)</span> : null}
						</legend>
						<QuestionInputs question={question} />
					</fieldset>
				</Card>
			))}
			<div className="flex flex-wrap items-center gap-4">
				<SubmitButton>Submit my answers</SubmitButton>
				<Link to={`/paths/${path.slug}`}>Leave and come back later</Link>
			</div>
		</Form>
	)
}

function Result() {
	const { path, view, credential } = useLoaderData<typeof loader>()
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
				{credential?.state === 'issued' ? (
					<p className="mt-2">
						Your credential is issued: <Link to={`/credentials#credential-${credential.id}`}>see it and share it</Link>.
					</p>
				) : null}
				{credential?.state === 'held' ? (
					<p className="mt-2">
						Your pass is recorded. Your credential will be issued the moment you confirm your email address with the
						link we sent you.
					</p>
				) : null}
			</Alert>
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
