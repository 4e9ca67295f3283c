import { Form, useLoaderData } from 'react-router'
import type { Route } from './+types/item-analysis'
import { requireAdminMembership } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { DataTable } from '~/components/ui/data-table'
import { SelectField } from '~/components/ui/filter-fields'
import { listPaths } from '~/content/catalog.server'
import { FLAG_LIMITS, ITEM_FLAGS, MIN_ANSWERS_TO_JUDGE } from '~/learning/item-statistics'
import { getItemAnalysis } from '~/orgs/item-analysis.server'
import { itemAnalysisQuerySchema, pickPath } from '~/orgs/report-query'

export const meta: Route.MetaFunction = () => pageTitle('Item analysis · Admin')

export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const query = itemAnalysisQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const all = listPaths()
	const paths = all.map((p) => ({ slug: p.slug, title: p.title }))
	const path = pickPath(all, query.path)
	if (!path) return { paths, path: null, analysis: null }
	const analysis = await getItemAnalysis(membership.orgId, path, query.attempts)
	return { paths, path: { slug: path.slug, title: path.title }, analysis }
}

const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`)
const decimal = (value: number | null) => (value === null ? '–' : value.toFixed(2).replace('-', '−'))

const ATTEMPT_CHOICES = [
	['all', 'Every submitted attempt'],
	['first', 'Each learner’s first attempt'],
] as const

export default function ItemAnalysisPage() {
	const { paths, path, analysis } = useLoaderData<typeof loader>()
	if (!path || !analysis) {
		return (
			<div className="flex flex-col gap-6">
				<h1 className="text-3xl font-bold">Item analysis</h1>
				<p>There are no learning paths yet.</p>
			</div>
		)
	}
	const query = `path=${encodeURIComponent(path.slug)}&attempts=${analysis.attempts}`
	const flagged = analysis.items.filter((i) => i.flags.length > 0)
	const unjudged = analysis.items.filter((i) => !i.judged).length
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Item analysis</h1>
			<p className="max-w-prose">
				How each question of a path’s final assessment performs with your organisation’s people (the answers they gave
				while members). <b>Facility</b> is the share of answers that were right. <b>Discrimination</b> is the
				correlation between getting the question right and the score on the attempt’s other questions: a good question
				is answered right more often by people who do well on the rest. Flags: too easy above{' '}
				{percent(FLAG_LIMITS.tooEasy)} facility, too hard below {percent(FLAG_LIMITS.tooHard)}, weak discrimination
				below {FLAG_LIMITS.weak.toFixed(2)}, negative discrimination below zero; a question with fewer than{' '}
				{MIN_ANSWERS_TO_JUDGE} answers is not judged.
			</p>
			<Card aria-labelledby="item-analysis-choose">
				<h2 id="item-analysis-choose" className="sr-only">
					Choose a path and the attempts to count
				</h2>
				<Form method="get" className="flex flex-wrap items-end gap-3">
					<SelectField
						id="item-analysis-path"
						name="path"
						label="Learning path"
						defaultValue={path.slug}
						options={paths.map((p) => [p.slug, p.title] as const)}
					/>
					<SelectField
						id="item-analysis-attempts"
						name="attempts"
						label="Attempts counted"
						defaultValue={analysis.attempts}
						options={[...ATTEMPT_CHOICES]}
					/>
					<Button type="submit" variant="secondary">
						Show
					</Button>
				</Form>
			</Card>

			<section aria-labelledby="item-analysis-summary" className="flex flex-col gap-2">
				<h2 id="item-analysis-summary" className="text-xl font-semibold">
					{path.title}: {analysis.items.length} questions in the bank
				</h2>
				<p>
					{analysis.attempts === 'first'
						? `${analysis.learners} ${analysis.learners === 1 ? 'learner’s first attempt' : 'learners’ first attempts'}`
						: `${analysis.attemptCount} ${analysis.attemptCount === 1 ? 'attempt' : 'attempts'}, ${analysis.learners} of them first attempts`}
					; {analysis.answers} answers counted, {percent(analysis.shareRight)} of them right. {flagged.length}{' '}
					{flagged.length === 1 ? 'question is' : 'questions are'} flagged
					{unjudged > 0 ? `; ${unjudged} have too few answers to judge` : ''}.
					{analysis.retiredAnswers > 0
						? ` ${analysis.retiredAnswers} answers to questions no longer in the bank are left out.`
						: ''}{' '}
					<a href={`/admin/item-analysis.csv?${query}`} download>
						Export as CSV
					</a>
				</p>
			</section>

			<Card aria-labelledby="item-analysis-table" className="flex flex-col gap-4">
				<h2 id="item-analysis-table" className="text-xl font-semibold">
					Questions
				</h2>
				<DataTable
					caption={`${path.title}: answers, facility, discrimination and flags per question`}
					columns={['Question', 'Lesson', 'Answers', 'Facility', 'Discrimination', 'Flags']}
				>
					{analysis.items.map((item) => (
						<tr key={item.questionId} className="border-b border-line align-top last:border-0">
							<th scope="row" className="max-w-md py-2 pr-3 font-normal">
								<span className="block text-sm text-ink-muted">{item.questionId}</span>
								{item.prompt}
							</th>
							<td className="py-2 pr-3 text-sm">{item.lessonTitle}</td>
							<td className="py-2 pr-3">{item.answers}</td>
							<td className="py-2 pr-3">{percent(item.facility)}</td>
							<td className="py-2 pr-3">{decimal(item.discrimination)}</td>
							<td className="py-2 pr-3 text-sm">
								{!item.judged ? (
									<span className="text-ink-muted">Too few answers</span>
								) : item.flags.length > 0 ? (
									<ul>
										{item.flags.map((f) => (
											<li key={f} className="font-semibold">
												{ITEM_FLAGS[f]}
											</li>
										))}
									</ul>
								) : (
									'None'
								)}
							</td>
						</tr>
					))}
				</DataTable>
			</Card>
		</div>
	)
}
