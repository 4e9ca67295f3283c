import { formatDate } from '~/format/dates'
import { CredentialStateBadge } from '~/components/credentials/credential-state-badge'
import { SkillLink } from '~/components/skills/skill-link'
import type { Proof, ProfileSkill } from '~/skills/skills-profile.server'

const percent = (value: number) => `${Math.round(value * 100)}%`

/** Where a proof links: its public verification page, or (for its holder) the wallet entry. */
export type ProofHref = (proof: Proof) => string | null

function ProofItem({ proof, href }: { proof: Proof; href: ProofHref }) {
	const target = href(proof)
	return (
		<li className="flex flex-wrap items-center gap-x-3 gap-y-1">
			{target ? <a href={target}>{proof.name}</a> : <span>{proof.name}</span>}
			<span className="text-sm text-ink-muted">
				issued {formatDate(proof.issuedAt)} · assessment {percent(proof.score)}
				{proof.passMark === null ? '' : ` (pass mark ${percent(proof.passMark)})`}
				{proof.state === 'valid' ? ` · ${proof.objectiveCount} objective${proof.objectiveCount === 1 ? '' : 's'}` : ''}
			</span>
			<CredentialStateBadge state={proof.state} />
		</li>
	)
}

export function SkillsWithProof({
	skills,
	href,
	emptyText,
}: {
	skills: ProfileSkill[]
	href: ProofHref
	emptyText: string
}) {
	if (skills.length === 0) return <p className="text-ink-muted">{emptyText}</p>
	return (
		<ul className="flex flex-col gap-4">
			{skills.map(({ skill, level, proofs }) => (
				<li key={skill.id} className="rounded-control border border-line p-4" data-skill={skill.id}>
					<div className="flex flex-wrap items-baseline justify-between gap-2">
						<SkillLink skill={skill} />
						{level ? (
							<span className="rounded-full border border-accent px-3 py-0.5 text-sm font-semibold text-accent">
								Level {level.level} · {level.label}
							</span>
						) : (
							<span className="text-sm font-semibold text-danger">Not verified: its proof lapsed</span>
						)}
					</div>
					<p className="mt-2 text-sm font-medium">Proof</p>
					<ul className="mt-1 flex flex-col gap-1">
						{proofs.map((proof) => (
							<ProofItem key={proof.credentialId} proof={proof} href={href} />
						))}
					</ul>
				</li>
			))}
		</ul>
	)
}

export function LevelRule({ rule }: { rule: readonly string[] }) {
	return (
		<details className="rounded-control border border-line p-4">
			<summary className="cursor-pointer font-medium">How skills are verified and levelled</summary>
			<ul className="mt-2 list-disc pl-6">
				{rule.map((line) => (
					<li key={line}>{line}</li>
				))}
			</ul>
		</details>
	)
}
