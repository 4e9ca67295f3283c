/**
 * Roles in an organisation, as the session reads them: the signed-in person's primary membership
 * and what its role lets them do. Organisations themselves are the orgs module's.
 */
import type { Role } from '../db/generated/sqlite/enums'

export type { Role }

/**
 * The organisation a person works in: their earliest active membership (read with the session, see
 * session.server.ts), or null for a learner on their own.
 */
export type MembershipSummary = {
	orgId: string
	orgName: string
	role: Role
	teamName: string | null
	/** The organisation lets owners and administrators into the admin area only with two-factor sign-in on. */
	requireAdminTwoFactor: boolean
}

/** Admins and owners open the admin area. */
export function isAdminRole(role: Role | null | undefined): boolean {
	return role === 'ADMIN' || role === 'OWNER'
}
