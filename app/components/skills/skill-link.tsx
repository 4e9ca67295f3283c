import { Link } from 'react-router'
import type { SkillFramework } from '~/content/skill-ids'

const FRAMEWORK_SHORT: Record<SkillFramework, string> = { esco: 'ESCO', digcomp: 'DigComp', platform: 'Skillproof' }

/** A skill's label linking to its page here, with its framework named beside it. */
export function SkillLink({ skill }: { skill: { label: string; pagePath: string; framework: SkillFramework } }) {
	return (
		<span>
			<Link to={skill.pagePath}>{skill.label}</Link>{' '}
			<span className="text-sm text-ink-muted">({FRAMEWORK_SHORT[skill.framework]})</span>
		</span>
	)
}
