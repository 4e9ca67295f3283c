import { data, Form, Link, redirect, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/assessment'
import { requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { SubmitButton } from '~/components/ui/submit-button'
import { Card } from '~/components/ui/card'
import { requirePath } from '~/content/catalog.server'
import { formatDate, formatDateTime } from '~/format/dates'
import { getAttemptPolicy, getLatestCompletion, getOpenAttempt, startAttempt } from '~/learning/assessment.server'
import { getPathProgress } from '~/learning/progress.server'

export const meta: Route.MetaFunction = ({ data }) =>
	pageTitle(data ? `Final assessment: ${data.title}` : 'Final assessment')

export async function loader({ params, request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const path = requirePath(params.pathSlug)
	const [progress, policy, open, completion] = await Promise.all([
		getPathProgress(user.id, path),
		getAttemptPolicy(user.id, path),
		getOpenAttempt(user.id, path.slug),
		getLatestCompletion(user.id, path.slug),
	])
	return {
		slug: path.slug,
		title: path.title,
		questions: path.assessment.questionCount,
		passMark: Math.round(path.assessment.passMark * 100),
		maxAttempts: path.assessment.maxAttempts,
		windowHours: path.assessment.attemptWindowHours,
		lessonsDone: progress.completedLessons === path.lessons.length,
		lessonsLeft: path.lessons.length - progress.completedLessons,
		policy: { remaining: policy.remaining, nextAttemptAt: policy.nextAttemptAt?.toISOString() ?? null },
		openAttemptId: open?.id ?? null,
		completion: completion
			? { score: Math.round(completion.score * 100), completedAt: completion.completedAt.toISOString() }
			: null,
	}
}

export async function action({ params, request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const path = requirePath(params.pathSlug)
	const progress = await getPathProgress(user.id, path)
	if (progress.completedLessons !== path.lessons.length) {
		return data({ message: 'Complete every lesson before taking the final assessment.' }, { status: 400 })
	}
	const result = await startAttempt(user.id, path)
	if (!result.ok) return data({ message: result.message }, { status: 429 })
	return redirect(`/paths/${path.slug}/assessment/${result.attemptId}`)
}

export default function AssessmentIntro() {
	const d = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<div className="mx-auto flex max-w-2xl flex-col gap-6">
			<p className="text-sm text-ink-muted">
				<Link to={`/paths/${d.slug}`}>{d.title}</Link>
			</p>
			<h1 className="text-3xl font-bold">Final assessment</h1>
			<Card>
				<ul className="list-disc space-y-1 pl-5">
					<li>{d.questions} questions drawn from the path's question bank.</li>
					<li>Pass mark: {d.passMark}%.</li>
					<li>
						Up to {d.maxAttempts} attempts in {d.windowHours} hours. You have {d.policy.remaining} left now.
					</li>
					<li>Passing earns the path's credential.</li>
				</ul>
			</Card>
			{d.completion ? (
				<Alert tone="success">
					You passed this assessment with {d.completion.score}% on {formatDate(d.completion.completedAt)}.
				</Alert>
			) : null}
			{actionData?.message ? (
				<Alert tone="error" role="alert">
					{actionData.message}
				</Alert>
			) : null}
			{!d.lessonsDone ? (
				<Alert tone="info">
					Complete every lesson first: {d.lessonsLeft} {d.lessonsLeft === 1 ? 'lesson is' : 'lessons are'} left.{' '}
					<Link to={`/paths/${d.slug}`}>Back to the path</Link>
				</Alert>
			) : d.openAttemptId ? (
				<Link to={`/paths/${d.slug}/assessment/${d.openAttemptId}`} className="font-semibold">
					Continue your attempt
				</Link>
			) : d.policy.remaining === 0 ? (
				<Alert tone="info">
					You have used every attempt for now. You can try again after{' '}
					{d.policy.nextAttemptAt ? formatDateTime(d.policy.nextAttemptAt) : 'a while'}.
				</Alert>
			) : (
				<Form method="post">
					<SubmitButton>{d.completion ? 'Take it again' : 'Start the assessment'}</SubmitButton>
				</Form>
			)}
		</div>
	)
}
