import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'

/**
 * axe-core finds nothing on the page, in the light and the dark colour scheme. Checked on the SQLite server's
 * run of a journey only: the HTML is the same on PostgreSQL, and two axe passes per page are much of a
 * journey's time (docs/decisions/035-end-to-end-run-time.md). The journey itself runs on both.
 */
export async function expectAccessible(page: Page, label = page.url()) {
	if (test.info().project.name === 'postgresql') return
	for (const colorScheme of ['light', 'dark'] as const) {
		// Reduced motion: colours switch at once instead of being caught mid-transition.
		await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' })
		const results = await new AxeBuilder({ page }).analyze()
		expect(results.violations, `axe violations on ${label} in ${colorScheme} mode`).toEqual([])
	}
}
