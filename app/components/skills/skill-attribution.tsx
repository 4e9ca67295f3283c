/** The attribution ESCO and DigComp require wherever their skills are shown (content/skills/SOURCE.md). */
export function SkillAttribution() {
	return (
		<p className="text-sm text-ink-muted">
			This service uses the ESCO classification of the European Commission; the ESCO skills here are an adapted subset,
			and each links to its official page. DigComp 2.2: Vuorikari, R., Kluzer, S. and Punie, Y.,{' '}
			<cite>DigComp 2.2: The Digital Competence Framework for Citizens</cite>, Publications Office of the European
			Union, 2022 (<a href="https://doi.org/10.2760/115376">doi:10.2760/115376</a>), reused under CC BY 4.0. Skills
			marked Skillproof are this site&apos;s own, defined where ESCO has none; they are not part of ESCO.
		</p>
	)
}
