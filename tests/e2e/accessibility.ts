import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/** axe-core finds nothing on the page, in the light and the dark colour scheme. */
export async function expectAccessible(page: Page, label = page.url()) {
	for (const colorScheme of ['light', 'dark'] as const) {
		// Reduced motion: colours switch at once instead of being caught mid-transition.
		await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' })
		const results = await new AxeBuilder({ page }).analyze()
		expect(results.violations, `axe violations on ${label} in ${colorScheme} mode`).toEqual([])
	}
}
