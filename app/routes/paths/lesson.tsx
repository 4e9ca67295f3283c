import { data, Form, Link, redirect, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/lesson'
import { requireUser } from '~/auth/auth.server'
import { KnowledgeCheckContext } from '~/components/lesson/knowledge-check'
import { LessonContent, preloadLessonModule } from '~/components/lesson/lesson-content'
import { pageTitle } from '~/components/page-title'
import { SubmitButton } from '~/components/ui/submit-button'
import { ProgressBar } from '~/components/ui/progress-bar'
import { getLesson, getLessonCode, requirePath } from '~/content/catalog.server'
import { lessonModuleUrlFor } from '~/content/lesson-module.server'
import { prepareServerLesson } from '~/components/lesson/server-lessons.server'
import { formatDate } from '~/format/dates'
import { invariantResponse } from '~/http/invariant'
import { getCheckView, submitKnowledgeCheck } from '~/learning/knowledge-check.server'
import { completeLesson, visitLesson } from '~/learning/progress.server'
import { redirectWithFlash } from '~/http/flash.server'
import { parseForm } from '~/http/form-submission'

export const meta: Route.MetaFunction = ({ data }) => pageTitle(data?.lesson.title ?? 'Lesson')

function findLesson(params: { pathSlug: string; lessonSlug: string }) {
	const path = requirePath(params.pathSlug)
	const lesson = getLesson(path, params.lessonSlug)
	invariantResponse(lesson, 'There is no lesson at this address.')
	return { path, lesson }
}

export async function loader({ params, request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const { path, lesson } = findLesson(params)
	const [progress, check] = await Promise.all([
		visitLesson(user.id, path, lesson.slug),
		getCheckView(user.id, path.slug, lesson.slug),
	])
	const index = path.lessons.findIndex((l) => l.slug === lesson.slug)
	const neighbour = (i: number) => {
		const l = path.lessons[i]
		return l ? { slug: l.slug, title: l.title } : null
	}
	const module = path.modules.find((m) => m.slug === lesson.moduleSlug)
	// The page's data carries the module's address, not the compiled code: the browser imports it.
	const moduleUrl = lessonModuleUrlFor(path.slug, lesson.slug)
	prepareServerLesson(moduleUrl, () => getLessonCode(path.slug, lesson.slug))
	return {
		path: { slug: path.slug, title: path.title, lessons: path.lessons.length },
		module: module ? { title: module.title, number: path.modules.indexOf(module) + 1 } : null,
		lesson: {
			slug: lesson.slug,
			title: lesson.title,
			summary: lesson.summary,
			objectives: lesson.objectives,
			minutes: lesson.minutes,
			headings: lesson.headings,
			sources: lesson.sources,
			reviewed: lesson.reviewed ?? null,
			law: lesson.law ?? null,
			number: index + 1,
		},
		moduleUrl,
		check,
		completed: progress.lessons[lesson.slug] === 'completed',
		percent: progress.percent,
		previous: neighbour(index - 1),
		next: neighbour(index + 1),
	}
}

/**
 * Navigations in the browser: the lesson's module is imported together with the page's data, so
 * the page appears with its lesson instead of an empty body that fills in once the module arrives
 * (a failed import shows on the page, through the lesson's own boundary). The first page load
 * uses the server's data and HTML as they are.
 */
export async function clientLoader({ serverLoader }: Route.ClientLoaderArgs) {
	const pageData = await serverLoader()
	await preloadLessonModule(pageData.moduleUrl).catch(() => undefined)
	return pageData
}

const intentSchema = z.object({ intent: z.enum(['check', 'complete']) })

export async function action({ params, request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const { path, lesson } = findLesson(params)
	const formData = await request.formData()
	// The answers' fields are named after the questions: the knowledge check reads them itself.
	const submission = parseForm(formData, { schema: intentSchema, disableAutoCoercion: true })
	if (submission.status !== 'success') throw data({ message: 'Unknown lesson action.' }, { status: 400 })
	const { intent } = submission.value
	if (intent === 'check') {
		const result = await submitKnowledgeCheck(user.id, path.slug, lesson.slug, formData)
		return data({ check: result }, { status: result.ok ? 200 : 400 })
	}
	// The lesson is marked complete.
	const { allDone } = await completeLesson(user.id, path, lesson.slug)
	const index = path.lessons.findIndex((l) => l.slug === lesson.slug)
	const next = path.lessons[index + 1]
	if (allDone) {
		return redirectWithFlash(`/paths/${path.slug}/assessment`, {
			kind: 'success',
			message: `You have completed every lesson of ${path.title}. The final assessment is next.`,
		})
	}
	return redirect(next ? `/paths/${path.slug}/${next.slug}` : `/paths/${path.slug}`)
}

export default function LessonPage() {
	const loaderData = useLoaderData<typeof clientLoader>()
	const actionData = useActionData<typeof action>()
	const { path, module, lesson, moduleUrl, check, completed, percent, previous, next } = loaderData
	const submission = actionData?.check
	const checkState = {
		questions: check.questions,
		results: submission?.ok ? submission.results : check.results,
		error: submission && !submission.ok ? { message: submission.message, missing: submission.missing } : null,
	}
	return (
		<div className="grid gap-8 lg:grid-cols-[1fr_16rem]">
			<article className="min-w-0">
				<nav aria-label="Breadcrumb" className="text-sm text-ink-muted print:hidden">
					<Link to={`/paths/${path.slug}`}>{path.title}</Link>
					{module ? ` · Module ${module.number}: ${module.title}` : null}
				</nav>
				<div className="mt-3 print:hidden">
					<ProgressBar value={percent} label={`Progress through ${path.title}`} />
				</div>
				<header className="mt-6">
					<p className="text-sm text-ink-muted">
						Lesson {lesson.number} of {path.lessons} · about {lesson.minutes} min
					</p>
					<h1 className="mt-1 text-3xl font-bold sm:text-4xl">{lesson.title}</h1>
					<p className="mt-2 text-lg text-ink-muted">{lesson.summary}</p>
					{lesson.reviewed ? (
						<p className="mt-2 text-sm text-ink-muted">Last reviewed {formatDate(lesson.reviewed)}</p>
					) : null}
				</header>
				{lesson.law ? (
					<aside aria-labelledby="law-as-of" className="mt-6 rounded-card border border-line bg-surface-muted p-5">
						<h2 id="law-as-of" className="font-semibold">
							The law as of {formatDate(lesson.law.asOf)}
						</h2>
						<p className="mt-2">
							<b>What changed:</b> {lesson.law.changes}
						</p>
						<p className="mt-2 text-sm">
							Laws change: check the sources below, or ask your legal team, before relying on a date or a duty.
						</p>
					</aside>
				) : null}
				<section aria-labelledby="objectives" className="mt-6 rounded-card border border-line bg-surface p-5">
					<h2 id="objectives" className="font-semibold">
						By the end of this lesson you can
					</h2>
					<ul className="mt-2 list-disc space-y-1 pl-5">
						{lesson.objectives.map((o) => (
							<li key={o.id}>{o.text}</li>
						))}
					</ul>
				</section>
				<div className="prose prose-lg mt-8 max-w-none dark:prose-invert prose-a:text-link prose-headings:scroll-mt-6">
					<KnowledgeCheckContext.Provider value={checkState}>
						<LessonContent src={moduleUrl} />
					</KnowledgeCheckContext.Provider>
				</div>
				{lesson.sources.length ? (
					<section aria-labelledby="sources" className="mt-10 border-t border-line pt-6">
						<h2 id="sources" className="text-xl font-semibold">
							Sources
						</h2>
						<ol className="mt-3 list-decimal space-y-2 pl-5 text-sm">
							{lesson.sources.map((s) => (
								<li key={s.title}>
									{s.url ? <a href={s.url}>{s.title}</a> : s.title}
									{s.publisher ? `, ${s.publisher}` : ''}
									{s.year ? ` (${s.year})` : ''}
									{!s.year && s.accessed ? ` (undated page, consulted ${formatDate(s.accessed)})` : ''}
								</li>
							))}
						</ol>
					</section>
				) : null}
				<div className="mt-10 flex flex-col gap-4 border-t border-line pt-6 print:hidden">
					{completed ? (
						<p className="font-medium text-success">You have completed this lesson.</p>
					) : (
						<Form method="post">
							<input type="hidden" name="intent" value="complete" />
							<SubmitButton>{next ? 'Mark complete and continue' : 'Mark complete'}</SubmitButton>
						</Form>
					)}
					<nav aria-label="Lessons" className="flex flex-wrap justify-between gap-4">
						{previous ? (
							<Link to={`/paths/${path.slug}/${previous.slug}`} rel="prev">
								← {previous.title}
							</Link>
						) : (
							<span />
						)}
						{next ? (
							<Link to={`/paths/${path.slug}/${next.slug}`} rel="next">
								{next.title} →
							</Link>
						) : null}
					</nav>
				</div>
			</article>
			<aside className="hidden lg:block print:hidden">
				<nav aria-labelledby="toc" className="sticky top-6">
					<h2 id="toc" className="text-sm font-semibold uppercase tracking-wide text-ink-muted">
						On this page
					</h2>
					<ul className="mt-3 space-y-2 text-sm">
						{lesson.headings.map((h) => (
							<li key={h.id} className={h.level === 3 ? 'pl-3' : undefined}>
								<a href={`#${h.id}`}>{h.text}</a>
							</li>
						))}
					</ul>
				</nav>
			</aside>
		</div>
	)
}
