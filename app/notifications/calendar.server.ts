/**
 * A learner's private calendar feed (iCalendar) of their assigned paths' due dates. The address
 * holds a 256-bit random token; only its SHA-256 is stored, so the address is shown once, when it
 * is made, and making a new one retires the old. Calendar apps fetch it without a session.
 */
import ical, { ICalCalendarMethod } from 'ical-generator'
import { generateToken, hashToken, isWellFormedToken } from '../auth/tokens'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { listMyAssignments } from '../orgs/assignments.server'
import { formatDate } from '../format/dates'

export const calendarUrl = (token: string) => `${config.PUBLIC_ORIGIN}/calendar/${token}.ics`

/** Makes (or replaces) the learner's feed and returns its address, which is not stored. */
export async function createCalendarFeed(userId: string) {
	const token = generateToken('calendarFeed')
	const tokenHash = hashToken(token)
	await db.calendarFeed.upsert({
		where: { userId },
		create: { userId, tokenHash },
		update: { tokenHash, createdAt: new Date() },
	})
	return calendarUrl(token)
}

export async function deleteCalendarFeed(userId: string) {
	await db.calendarFeed.deleteMany({ where: { userId } })
}

export async function getCalendarFeedInfo(userId: string) {
	return db.calendarFeed.findUnique({ where: { userId }, select: { createdAt: true } })
}

/** The feed's text for a token, or null when the token is malformed or unknown. */
export async function calendarForToken(token: string, now = new Date()) {
	if (!isWellFormedToken('calendarFeed', token)) return null
	const feed = await db.calendarFeed.findUnique({
		where: { tokenHash: hashToken(token) },
		select: { userId: true },
	})
	if (!feed) return null
	const assignments = await listMyAssignments(feed.userId, now)
	const calendar = ical({
		name: 'Skillproof: assigned learning',
		prodId: { company: 'Skillproof', product: 'assignments', language: 'EN' },
		method: ICalCalendarMethod.PUBLISH,
		ttl: 60 * 60,
	})
	for (const a of assignments) {
		if (a.state === 'completed') continue
		const day = new Date(Date.UTC(a.dueAt.getUTCFullYear(), a.dueAt.getUTCMonth(), a.dueAt.getUTCDate()))
		calendar.createEvent({
			id: `${a.pathSlug}-${a.assignedAt.getTime()}@${new URL(config.PUBLIC_ORIGIN).host}`,
			start: day,
			allDay: true,
			stamp: a.assignedAt,
			summary: `Due: ${a.title}`,
			description: `Assigned learning path, due ${formatDate(a.dueAt)}${a.state === 'overdue' ? ' (overdue)' : ''}.`,
			url: `${config.PUBLIC_ORIGIN}/paths/${a.pathSlug}`,
		})
	}
	return calendar.toString()
}
