import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/skill'
import { pageTitle } from '~/components/page-title'
import { SkillAttribution } from '~/components/skills/skill-attribution'
import { SkillLink } from '~/components/skills/skill-link'
import { Card } from '~/components/ui/card'
import { TOPIC_LABELS } from '~/content/labels'
import { FRAMEWORK_LABELS, getSkill, getSkillByPage } from '~/content/skill-ids'
import { invariantResponse } from '~/http/invariant'
import { getSkillUse } from '~/skills/skill-catalog.server'

export const meta: Route.MetaFunction = ({ data }) =>
	data ? [...pageTitle(data.skill.label), { name: 'description', content: data.skill.note ?? '' }] : pageTitle('Skill')

export function loader({ params }: Route.LoaderArgs) {
	const skill = getSkillByPage(params.framework, params.skillId)
	invariantResponse(skill, 'There is no skill at this address.')
	const use = getSkillUse(skill.id)
	const mapped = (id: string) => {
		const s = getSkill(id)
		return s ? { label: s.label, pagePath: s.pagePath, framework: s.framework } : null
	}
	return {
		skill: {
			label: skill.label,
			framework: skill.framework,
			frameworkLabel: FRAMEWORK_LABELS[skill.framework],
			localId: skill.localId,
			uri: skill.uri,
			kind: skill.kind,
			note: skill.note,
			topic: skill.topic ? TOPIC_LABELS[skill.topic] : null,
			area: skill.area,
		},
		digcomp: skill.framework !== 'digcomp' && skill.digcomp ? mapped(`digcomp:${skill.digcomp}`) : null,
		related: skill.relatedEsco.flatMap((id) => mapped(id) ?? []),
		use,
	}
}

export default function SkillPage() {
	const { skill, digcomp, related, use } = useLoaderData<typeof loader>()
	return (
		<article className="flex flex-col gap-6">
			<header className="flex flex-col gap-2">
				<p className="text-sm font-medium uppercase tracking-wide text-ink-muted">
					<Link to="/skills">Skills</Link> · {skill.frameworkLabel}
					{skill.framework === 'digcomp' ? ` competence ${skill.localId}` : ''}
				</p>
				<h1 className="text-3xl font-bold">{skill.label}</h1>
				{skill.note ? <p className="max-w-3xl text-lg">{skill.note}</p> : null}
			</header>
			<Card aria-labelledby="about-heading">
				<h2 id="about-heading" className="text-lg font-semibold">
					About this skill
				</h2>
				<dl className="mt-3 grid gap-2 sm:grid-cols-[12rem_1fr]">
					<dt className="font-medium text-ink-muted">Framework</dt>
					<dd>{skill.frameworkLabel}</dd>
					<dt className="font-medium text-ink-muted">Kind</dt>
					<dd>{skill.kind === 'knowledge' ? 'Knowledge' : skill.kind === 'competence' ? 'Competence' : 'Skill'}</dd>
					{skill.topic ? (
						<>
							<dt className="font-medium text-ink-muted">Topic</dt>
							<dd>{skill.topic}</dd>
						</>
					) : null}
					{skill.area ? (
						<>
							<dt className="font-medium text-ink-muted">Competence area</dt>
							<dd>{skill.area}</dd>
						</>
					) : null}
					{digcomp ? (
						<>
							<dt className="font-medium text-ink-muted">DigComp 2.2</dt>
							<dd>
								<SkillLink skill={digcomp} />
							</dd>
						</>
					) : null}
					{related.length > 0 ? (
						<>
							<dt className="font-medium text-ink-muted">Nearest ESCO skills</dt>
							<dd>
								<ul>
									{related.map((r) => (
										<li key={r.pagePath}>
											<SkillLink skill={r} />
										</li>
									))}
								</ul>
							</dd>
						</>
					) : null}
					<dt className="font-medium text-ink-muted">Identifier</dt>
					<dd className="break-all">
						{skill.framework === 'esco' ? (
							<a href={skill.uri} rel="external">
								{skill.uri}
								<span className="sr-only"> (the official ESCO page, with its description)</span>
							</a>
						) : (
							skill.uri
						)}
					</dd>
				</dl>
				{skill.framework === 'esco' ? (
					<p className="mt-3 text-sm text-ink-muted">
						ESCO&apos;s own description of this skill is on its official page, linked above.
					</p>
				) : skill.framework === 'platform' ? (
					<p className="mt-3 text-sm text-ink-muted">
						A Skillproof skill, not part of ESCO: ESCO has no skill for this, so this site defines it and maps it to the
						nearest ESCO skills.
					</p>
				) : null}
			</Card>
			<div className="grid gap-4 md:grid-cols-2">
				<Card aria-labelledby="taught-heading">
					<h2 id="taught-heading" className="text-lg font-semibold">
						Where it is taught
					</h2>
					{use.lessons.length === 0 ? (
						<p className="mt-2 text-ink-muted">No lesson teaches this skill yet.</p>
					) : (
						<ul className="mt-3 flex flex-col gap-2">
							{use.lessons.map((lesson) => (
								<li key={`${lesson.pathSlug}/${lesson.slug}`}>
									<Link to={`/paths/${lesson.pathSlug}/${lesson.slug}`}>{lesson.title}</Link>{' '}
									<span className="text-sm text-ink-muted">in {lesson.pathTitle}</span>
								</li>
							))}
						</ul>
					)}
					{use.paths.length > 0 ? (
						<p className="mt-3 text-sm">
							Credentials that attest it:{' '}
							{use.paths.map((p, i) => (
								<span key={p.slug}>
									{i > 0 ? ', ' : ''}
									<Link to={`/paths/${p.slug}`}>{p.title}</Link>
								</span>
							))}
						</p>
					) : null}
				</Card>
				<Card aria-labelledby="tested-heading">
					<h2 id="tested-heading" className="text-lg font-semibold">
						Where it is assessed
					</h2>
					{use.assessments.length === 0 ? (
						<p className="mt-2 text-ink-muted">No final assessment tests this skill yet.</p>
					) : (
						<ul className="mt-3 flex flex-col gap-2">
							{use.assessments.map((a) => (
								<li key={a.pathSlug}>
									The final assessment of <Link to={`/paths/${a.pathSlug}`}>{a.pathTitle}</Link>: {a.questions} question
									{a.questions === 1 ? '' : 's'} in its bank, on {a.objectives} learning objective
									{a.objectives === 1 ? '' : 's'}.
								</li>
							))}
						</ul>
					)}
				</Card>
			</div>
			<SkillAttribution />
		</article>
	)
}
