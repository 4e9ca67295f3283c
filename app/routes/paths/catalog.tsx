import { Form, Link, useLoaderData } from 'react-router'
import type { Route } from './+types/catalog'
import { getUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { FilterInput, FilterSelect } from '~/components/ui/filter-fields'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { PathCover } from '~/components/path-cover'
import { ProgressBar } from '~/components/ui/progress-bar'
import { listPaths } from '~/content/catalog.server'
import { DURATIONS, filterPaths, parseCatalogFilter, pathMinutes } from '~/content/catalog-filter'
import { formatMinutes, LEVEL_LABELS, TOPIC_LABELS } from '~/content/labels'
import { getSkill } from '~/content/skill-ids'
import { listPathProgress } from '~/learning/progress.server'

export const meta: Route.MetaFunction = () => pageTitle('Catalogue')

export async function loader({ request, context }: Route.LoaderArgs) {
	const user = getUser(context)
	const paths = listPaths()
	const filter = parseCatalogFilter(new URL(request.url).searchParams)
	const progress = user ? await listPathProgress(user.id, paths) : []
	const skillIds = [...new Set(paths.flatMap((p) => p.skills))]
	return {
		filter,
		skills: skillIds
			.map((id) => ({ id, label: getSkill(id)?.label ?? id }))
			.sort((a, b) => a.label.localeCompare(b.label)),
		paths: filterPaths(paths, filter).map((p) => ({
			slug: p.slug,
			title: p.title,
			summary: p.summary,
			topicSlug: p.topic,
			topic: TOPIC_LABELS[p.topic],
			level: LEVEL_LABELS[p.level],
			duration: formatMinutes(pathMinutes(p)),
			lessons: p.lessons.length,
			percent: progress.find((entry) => entry.path.slug === p.slug)?.progress.percent ?? null,
		})),
		total: paths.length,
	}
}

export default function Catalog() {
	const { filter, paths, skills, total } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Catalogue</h1>
			<Form
				method="get"
				role="search"
				aria-label="Find a learning path"
				className="grid gap-4 rounded-card border border-line bg-surface p-4 sm:grid-cols-2 lg:grid-cols-3"
			>
				<FilterInput name="q" label="Search" type="search" value={filter.q} className="sm:col-span-2 lg:col-span-3" />
				<FilterSelect name="topic" label="Topic" value={filter.topic} options={Object.entries(TOPIC_LABELS)} />
				<FilterSelect name="level" label="Level" value={filter.level} options={Object.entries(LEVEL_LABELS)} />
				<FilterSelect
					name="duration"
					label="Duration"
					value={filter.duration}
					options={Object.entries(DURATIONS).map(([k, d]) => [k, d.label])}
				/>
				<FilterSelect name="skill" label="Skill" value={filter.skill} options={skills.map((s) => [s.id, s.label])} />
				<div className="flex items-end gap-2">
					<Button type="submit">Show paths</Button>
					<Link to="/paths" className="px-2 py-2">
						Clear
					</Link>
				</div>
			</Form>
			<p role="status" className="text-ink-muted">
				Showing {paths.length} of {total} paths.
			</p>
			<ul className="grid gap-4 md:grid-cols-2">
				{paths.map((path) => (
					<li key={path.slug}>
						<Card className="flex h-full flex-col gap-3">
							<PathCover topic={path.topicSlug} className="h-28" />
							<p className="text-sm text-ink-muted">
								{path.topic} · {path.level}
							</p>
							<h2 className="text-xl font-semibold">
								<Link to={`/paths/${path.slug}`}>{path.title}</Link>
							</h2>
							<p className="text-ink-muted">{path.summary}</p>
							<p className="text-sm text-ink-muted">
								{path.lessons} lessons · about {path.duration}
							</p>
							{path.percent !== null ? (
								<ProgressBar value={path.percent} label={`Your progress in ${path.title}`} />
							) : null}
						</Card>
					</li>
				))}
			</ul>
		</div>
	)
}
