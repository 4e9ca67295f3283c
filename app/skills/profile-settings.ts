/** The public profile's settings form, checked alike in the browser and on the server. */
import { z } from 'zod'

/** Addresses a handle must not take: they read as the site's own pages. */
const RESERVED_HANDLES = new Set([
	'admin',
	'administrator',
	'api',
	'credentials',
	'me',
	'profile',
	'settings',
	'skillproof',
	'skills',
	'support',
	'verify',
])

export const handleSchema = z
	.string({ error: 'Choose an address for your profile.' })
	.trim()
	.toLowerCase()
	.min(3, 'Use at least 3 characters.')
	.max(30, 'Use at most 30 characters.')
	.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lower-case letters, digits and single hyphens between them.')
	.refine((handle) => !RESERVED_HANDLES.has(handle), 'This address is reserved; choose another.')

export const profileSettingsSchema = z.object({
	handle: handleSchema,
	published: z.boolean().default(false),
	credentialIds: z.array(z.uuid('Choose among your own credentials.')).max(200).default([]),
})
export type ProfileSettings = z.infer<typeof profileSettingsSchema>
