/** A learner's messages in the app: reminders of assigned paths and recertifications. */
import { db } from '../db/db.server'

export async function listNotifications(userId: string, take = 10) {
	const [items, unread] = await Promise.all([
		db.notification.findMany({
			where: { userId, readAt: null },
			orderBy: { createdAt: 'desc' },
			take,
			select: { id: true, kind: true, title: true, body: true, link: true, createdAt: true },
		}),
		db.notification.count({ where: { userId, readAt: null } }),
	])
	return { items, unread }
}

/** Marks one message (or, with no id, all of them) read; only the learner's own. */
export async function markNotificationsRead(userId: string, id: string | null, now = new Date()) {
	const { count } = await db.notification.updateMany({
		where: { userId, readAt: null, ...(id ? { id } : {}) },
		data: { readAt: now },
	})
	return count
}
