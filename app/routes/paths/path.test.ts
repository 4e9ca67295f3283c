import { RouterContextProvider } from 'react-router'
import { expect, test } from 'vitest'
import { FIXTURE_PATH } from '../../../tests/fixtures/content-fixture'
import { signUpTestAccount } from '../../../tests/setup/accounts'
import { sessionMiddleware } from '~/auth/auth.server'
import { serializeSessionCookie } from '~/auth/cookie.server'
import { getPath } from '~/content/catalog.server'
import { completeLesson, recordLessonVisit } from '~/learning/progress.server'
import { loader } from './path'

/** The path page's data for a signed-in learner, through the session middleware as served. */
async function pathPageFor(cookie: string) {
	const request = new Request(`http://localhost:3000/paths/${FIXTURE_PATH}`, { headers: { Cookie: cookie } })
	const args = {
		request,
		context: new RouterContextProvider(),
		params: { pathSlug: FIXTURE_PATH },
		url: new URL(request.url),
		pattern: '/paths/:pathSlug',
	}
	let page: Awaited<ReturnType<typeof loader>> | undefined
	await sessionMiddleware(args, async () => {
		page = await loader(args)
		return new Response(null)
	})
	return page!
}

test('a path whose lessons are all done says so and leads to the final assessment, not to “0 min left”', async () => {
	const account = await signUpTestAccount()
	const cookie = (await serializeSessionCookie(account.token, new Date(Date.now() + 60_000))).split(';')[0]!
	const path = getPath(FIXTURE_PATH)!
	const [first, ...rest] = path.lessons
	await recordLessonVisit(account.userId, path.slug, first!.slug)
	expect((await pathPageFor(cookie)).progress).toMatchObject({ started: true, finished: false })

	for (const lesson of [first!, ...rest]) await completeLesson(account.userId, path, lesson.slug)
	expect((await pathPageFor(cookie)).progress).toMatchObject({ started: true, percent: 100, finished: true })
})
