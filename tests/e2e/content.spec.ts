import fs from 'node:fs'
import path from 'node:path'
import type { CompiledCatalog } from '../../app/content/compiled-content'
import { expectAccessible } from './accessibility'
import { expect, test } from './fixtures'
import { e2eTargetFor } from './targets'

test('every lesson of every path renders, and serving them compiles no MDX', async ({
	page,
	baseURL,
	createUser,
	signInAs,
	request,
}) => {
	test.setTimeout(180_000)
	const contentDir = e2eTargetFor(baseURL).env.CONTENT_BUILD_DIR!
	const catalog = JSON.parse(fs.readFileSync(path.join(contentDir, 'catalog.json'), 'utf8')) as CompiledCatalog
	await signInAs(await createUser())
	let lessons = 0
	let checkedLaw = false
	for (const p of catalog.paths) {
		await page.goto(`/paths/${p.slug}`)
		await expect(page.getByRole('heading', { level: 1, name: p.title })).toBeVisible()
		for (const lesson of p.lessons) {
			const response = await page.goto(`/paths/${p.slug}/${lesson.slug}`)
			expect(response?.status(), `${p.slug}/${lesson.slug}`).toBe(200)
			await expect(page.getByRole('heading', { level: 1, name: lesson.title })).toBeVisible()
			await expect(page.getByRole('heading', { name: 'Check your understanding' })).toBeVisible()
			await expect(page.getByRole('heading', { name: 'Key takeaways' })).toBeVisible()
			await expect(page.getByRole('main')).toContainText('Last reviewed')
			// Every source carries its year, or, for an undated web page, the day it was consulted.
			const sources = page.getByRole('region', { name: 'Sources' }).getByRole('listitem')
			await expect(sources).toHaveCount(lesson.sources.length)
			for (const [i, source] of lesson.sources.entries())
				await expect(sources.nth(i)).toContainText(source.year ? `(${source.year})` : '(undated page, consulted ')
			if (lesson.law) {
				// A lesson on the law says what date its account is current to, and what changed.
				await expect(page.getByRole('complementary', { name: /^The law as of / })).toContainText('What changed:')
				if (!checkedLaw) await expectAccessible(page, 'a lesson on the law')
				checkedLaw = true
			}
			lessons++
		}
	}
	expect(lessons).toBeGreaterThanOrEqual(12)
	expect(checkedLaw).toBe(true)
	const health = await (await request.get('/healthz')).json()
	expect(health.mdxCompilations).toBe(0)
})
