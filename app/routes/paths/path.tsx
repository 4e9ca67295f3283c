import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/path'
import { getUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { ButtonLink } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { ProgressBar } from '~/components/ui/progress-bar'
import { requirePath } from '~/content/catalog.server'
import { pathMinutes } from '~/content/catalog-filter'
import { formatMinutes, LEVEL_LABELS, TOPIC_LABELS } from '~/content/labels'
import { getSkill } from '~/content/skill-ids'
import { getPathProgress, getResumeLesson, type LessonState } from '~/learning/progress.server'

export const meta: Route.MetaFunction = ({ data }) => pageTitle(data?.title ?? 'Learning path')

export async function loader({ params, context }: Route.LoaderArgs) {
	const path = requirePath(params.pathSlug)
	const user = getUser(context)
	const progress = user ? await getPathProgress(user.id, path) : null
	const resume = progress ? getResumeLesson(path, progress) : path.lessons[0]?.slug
	return {
		slug: path.slug,
		title: path.title,
		description: path.description,
		topic: TOPIC_LABELS[path.topic],
		level: LEVEL_LABELS[path.level],
		duration: formatMinutes(pathMinutes(path)),
		credential: path.credential,
		assessment: { questions: path.assessment.questionCount, passMark: Math.round(path.assessment.passMark * 100) },
		skills: path.skills.map((id) => ({ id, label: getSkill(id)?.label ?? id })),
		modules: path.modules.map((m) => ({
			slug: m.slug,
			title: m.title,
			summary: m.summary,
			lessons: m.lessons.map((slug) => {
				const lesson = path.lessons.find((l) => l.slug === slug)!
				return {
					slug,
					title: lesson.title,
					minutes: lesson.minutes,
					state: progress?.lessons[slug] ?? ('not-started' as LessonState),
				}
			}),
		})),
		signedIn: Boolean(user),
		progress: progress
			? {
					started: progress.started,
					percent: progress.percent,
					minutesLeft: formatMinutes(progress.minutesLeft),
					finished: progress.completedLessons === path.lessons.length,
				}
			: null,
		resume,
	}
}

const STATE_LABELS: Record<LessonState, string> = {
	'not-started': 'Not started',
	'in-progress': 'In progress',
	completed: 'Completed',
}

export default function PathPage() {
	const data = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-8">
			<header className="flex flex-col gap-3">
				<p className="text-sm text-ink-muted">
					<Link to="/paths">Catalogue</Link> · {data.topic} · {data.level}
				</p>
				<h1 className="text-3xl font-bold sm:text-4xl">{data.title}</h1>
				<p className="max-w-3xl text-lg text-ink-muted">{data.description}</p>
				<p className="text-sm text-ink-muted">About {data.duration} in all.</p>
				{data.progress?.started ? (
					<div className="max-w-md">
						<ProgressBar value={data.progress.percent} label={`Your progress in ${data.title}`} />
						<p className="mt-1 text-sm text-ink-muted">
							{data.progress.finished ? 'You have finished every lesson.' : `About ${data.progress.minutesLeft} left.`}
						</p>
					</div>
				) : null}
				<div>
					{data.signedIn && data.progress?.finished ? (
						<ButtonLink to={`/paths/${data.slug}/assessment`}>Go to the final assessment</ButtonLink>
					) : data.signedIn ? (
						<ButtonLink to={`/paths/${data.slug}/${data.resume}`}>
							{data.progress?.started ? 'Continue where you left off' : 'Start the path'}
						</ButtonLink>
					) : (
						<ButtonLink to={`/sign-in?${new URLSearchParams({ redirectTo: `/paths/${data.slug}` })}`}>
							Sign in to start
						</ButtonLink>
					)}
				</div>
			</header>

			<div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
				<section aria-labelledby="modules-heading" className="flex flex-col gap-4">
					<h2 id="modules-heading" className="text-2xl font-semibold">
						Modules and lessons
					</h2>
					{data.modules.map((module, index) => (
						<Card key={module.slug} aria-labelledby={`module-${module.slug}`}>
							<h3 id={`module-${module.slug}`} className="text-lg font-semibold">
								Module {index + 1}: {module.title}
							</h3>
							<p className="mt-1 text-ink-muted">{module.summary}</p>
							<ol className="mt-4 flex flex-col divide-y divide-line">
								{module.lessons.map((lesson) => (
									<li key={lesson.slug} className="flex flex-wrap items-center justify-between gap-2 py-2">
										<Link to={`/paths/${data.slug}/${lesson.slug}`}>{lesson.title}</Link>
										<span className="text-sm text-ink-muted">
											{lesson.minutes} min · <span data-lesson-state={lesson.state}>{STATE_LABELS[lesson.state]}</span>
										</span>
									</li>
								))}
							</ol>
						</Card>
					))}
				</section>
				<aside className="flex flex-col gap-4">
					<Card aria-labelledby="credential-heading">
						<h2 id="credential-heading" className="text-lg font-semibold">
							The credential
						</h2>
						<p className="mt-2 font-medium">{data.credential.name}</p>
						<p className="mt-1 text-ink-muted">{data.credential.description}</p>
						<p className="mt-2 text-sm text-ink-muted">
							Final assessment: {data.assessment.questions} questions, pass mark {data.assessment.passMark}%. Valid for{' '}
							{data.credential.validForMonths} months.
						</p>
					</Card>
					<Card aria-labelledby="assessment-heading">
						<h2 id="assessment-heading" className="text-lg font-semibold">
							Final assessment
						</h2>
						<p className="mt-2 text-ink-muted">
							{data.assessment.questions} questions after the lessons; pass with {data.assessment.passMark}% to earn the
							credential.
						</p>
						{data.progress?.finished ? (
							<Link to={`/paths/${data.slug}/assessment`} className="mt-2 inline-block">
								Go to the final assessment
							</Link>
						) : data.signedIn ? (
							<p className="mt-2 text-sm text-ink-muted">It opens once you have finished every lesson.</p>
						) : null}
					</Card>
					<Card aria-labelledby="skills-heading">
						<h2 id="skills-heading" className="text-lg font-semibold">
							Skills you will practise
						</h2>
						<ul className="mt-2 list-disc pl-5">
							{data.skills.map((s) => (
								<li key={s.id}>{s.label}</li>
							))}
						</ul>
					</Card>
				</aside>
			</div>
		</div>
	)
}
