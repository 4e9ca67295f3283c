export function pageTitle(title?: string) {
	return [{ title: title ? `${title} · Skillproof` : 'Skillproof' }]
}
