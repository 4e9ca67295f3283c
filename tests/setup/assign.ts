/** Tests assign the fixture path as an admin would, through the same function the admin pages call. */
import { createAssignment, type Due } from '../../app/orgs/assignments.server'
import { FIXTURE_PATH } from '../fixtures/content-fixture'

type Target = Parameters<typeof createAssignment>[0]['target']

/** Assigns the fixture path in `orgId` to a team or to people, due as given, at `now` (default: now). */
export function assignFixturePath(
	orgId: string,
	actor: { id: string; name: string },
	target: Target,
	due: Due,
	now?: Date,
) {
	return createAssignment({ orgId, actor, pathSlug: FIXTURE_PATH, target, due, now })
}
