import type { Route } from './+types/calendar-feed'
import { calendarForToken } from '~/notifications/calendar.server'

/** A learner's private iCalendar feed; an unknown or retired address answers 404 and says nothing more. */
export async function loader({ params }: Route.LoaderArgs) {
	const token = /^(.+)\.ics$/.exec(params.file)?.[1]
	const text = token ? await calendarForToken(token) : null
	if (text === null) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
	return new Response(text, {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Cache-Control': 'private, no-store',
			'X-Robots-Tag': 'noindex',
			'Referrer-Policy': 'no-referrer',
		},
	})
}
