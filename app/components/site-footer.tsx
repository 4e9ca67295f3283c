export function SiteFooter() {
	return (
		<footer className="mt-16 border-t border-line bg-surface">
			<div className="mx-auto flex max-w-5xl flex-col gap-2 px-4 py-6 text-sm text-ink-muted sm:flex-row sm:justify-between">
				<p>Skillproof: learn data and AI skills, prove them with credentials anyone can verify.</p>
				<p>
					Credentials follow Open Badges 3.0 and W3C Verifiable Credentials. <a href="/verify">Verify a credential</a> ·{' '}
					<a href="/skills">Skills</a>
				</p>
			</div>
			<div className="mx-auto max-w-5xl px-4 pb-6 text-xs text-ink-muted">
				<p>
					This service uses the ESCO classification of the European Commission (an adapted subset). Digital competences
					follow DigComp 2.2 (Vuorikari, Kluzer and Punie, Publications Office of the European Union, 2022, CC BY 4.0).
				</p>
			</div>
		</footer>
	)
}
