import type { Route } from './+types/lesson-module'
import { requireUser } from '~/auth/auth.server'
import { getLesson, requirePath } from '~/content/catalog.server'
import { getLessonModule } from '~/content/lesson-module.server'
import { invariantResponse } from '~/http/invariant'

/** The lesson's compiled MDX as a JavaScript module (imported by the lesson page in the browser). */
export async function loader({ params, request, context }: Route.LoaderArgs) {
	requireUser(context, request)
	const path = requirePath(params.pathSlug)
	const lesson = getLesson(path, params.lessonSlug)
	invariantResponse(lesson, 'There is no lesson at this address.')
	const module = getLessonModule(path.slug, lesson.slug)
	// The address carries the version: a current one may be kept for good, any other is rechecked.
	const current = new URL(request.url).searchParams.get('v') === module.version
	return new Response(module.source, {
		headers: {
			'Content-Type': 'text/javascript; charset=utf-8',
			'Cache-Control': current ? 'private, max-age=31536000, immutable' : 'private, no-cache',
		},
	})
}
