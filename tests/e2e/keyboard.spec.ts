import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

/** Presses Tab until the focused element's text or label matches `name`; fails after 80 presses. */
async function tabTo(page: Page, name: RegExp) {
	for (let i = 0; i < 80; i++) {
		await page.keyboard.press('Tab')
		const label = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement | null
			// Focus that fell back to the page (its element was replaced) has reached nothing.
			if (!el || el === document.body || el === document.documentElement) return ''
			const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null
			return `${el.getAttribute('aria-label') ?? ''} ${labelled ?? ''} ${el.closest('label')?.textContent ?? ''} ${el.textContent ?? ''}`
		})
		if (name.test(label)) return
	}
	throw new Error(`Tab never reached ${name}`)
}

test('the learning journey works with the keyboard alone', async ({ page, createUser, signInAs }) => {
	await signInAs(await createUser())
	await page.goto('/paths')

	// Search the catalogue and open the path.
	await tabTo(page, /Search/)
	await page.keyboard.type('counting')
	await page.keyboard.press('Enter')
	await expect(page).toHaveURL(/q=counting/)
	await tabTo(page, /Counting parcels well/)
	await page.keyboard.press('Enter')
	await expect(page.getByRole('heading', { level: 1, name: 'Counting parcels well' })).toBeVisible()
	await tabTo(page, /Start the path/)
	await page.keyboard.press('Enter')
	await expect(page.getByRole('heading', { level: 1, name: 'Lesson 1 about counting' })).toBeVisible()

	// Answer the knowledge check: arrows choose a radio, Space ticks a checkbox.
	await tabTo(page, /The first count only/)
	await page.keyboard.press('ArrowDown')
	await tabTo(page, /The date and time/)
	await page.keyboard.press('Space')
	await page.keyboard.press('Tab')
	await page.keyboard.press('Space')
	await tabTo(page, /Check my answers/)
	await page.keyboard.press('Enter')
	await expect(page.getByRole('region', { name: 'Check your understanding' }).getByRole('status')).toHaveText(
		/You got 2 of 2 right/,
	)

	// Complete the lesson and move on.
	await tabTo(page, /Mark complete and continue/)
	await page.keyboard.press('Enter')
	await expect(page.getByRole('heading', { level: 1, name: 'Lesson 2 about counting' })).toBeVisible()

	// The skip link takes keyboard users straight to the content.
	await page.goto('/dashboard')
	await page.keyboard.press('Tab')
	await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()
	await page.keyboard.press('Enter')
	await expect(page.locator('main')).toBeFocused()
})
