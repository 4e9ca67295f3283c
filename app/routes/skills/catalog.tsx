import { useLoaderData } from 'react-router'
import type { Route } from './+types/catalog'
import { pageTitle } from '~/components/page-title'
import { SkillAttribution } from '~/components/skills/skill-attribution'
import { SkillLink } from '~/components/skills/skill-link'
import { Card } from '~/components/ui/card'
import { FRAMEWORK_LABELS } from '~/content/skill-ids'
import { listSkillGroups } from '~/skills/skill-catalog.server'

export const meta: Route.MetaFunction = () => [
	...pageTitle('Skills'),
	{
		name: 'description',
		content: 'The ESCO skills and DigComp competences Skillproof paths align to, teach and assess.',
	},
]

export function loader() {
	return {
		groups: listSkillGroups().map((group) => ({
			framework: group.framework,
			frameworkLabel: FRAMEWORK_LABELS[group.framework],
			heading: group.heading,
			skills: group.skills.map((s) => ({
				id: s.id,
				label: s.label,
				pagePath: s.pagePath,
				framework: s.framework,
				taught: s.taught,
			})),
		})),
	}
}

export default function SkillsCatalog() {
	const { groups } = useLoaderData<typeof loader>()
	const frameworks = [...new Set(groups.map((g) => g.framework))]
	return (
		<div className="flex flex-col gap-8">
			<header className="flex flex-col gap-2">
				<h1 className="text-3xl font-bold">Skills</h1>
				<p className="max-w-3xl text-ink-muted">
					The ESCO skills and DigComp competences this site aligns its learning paths to. Those a path teaches and its
					final assessment tests lead to the lessons and assessments behind them; the rest are marked &ldquo;not taught
					yet&rdquo;. Passing an assessment earns a credential that names the skills it tested, and each appears,
					verified, on the learner&apos;s skills profile.
				</p>
			</header>
			{frameworks.map((framework) => {
				const frameworkGroups = groups.filter((g) => g.framework === framework)
				const headingId = `framework-${framework}`
				return (
					<section key={framework} aria-labelledby={headingId} className="flex flex-col gap-4">
						<h2 id={headingId} className="text-2xl font-semibold">
							{frameworkGroups[0]!.frameworkLabel}
						</h2>
						<div className="grid gap-4 md:grid-cols-2">
							{frameworkGroups.map((group) => (
								<Card key={group.heading} aria-label={`${group.frameworkLabel}: ${group.heading}`}>
									<h3 className="text-lg font-semibold">{group.heading}</h3>
									<ul className="mt-3 flex flex-col gap-2">
										{group.skills.map((skill) => (
											<li key={skill.id}>
												<SkillLink skill={skill} />
												{skill.taught ? null : <span className="text-sm text-ink-muted"> · not taught yet</span>}
											</li>
										))}
									</ul>
								</Card>
							))}
						</div>
					</section>
				)
			})}
			<SkillAttribution />
		</div>
	)
}
