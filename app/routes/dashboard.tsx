import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/dashboard'
import { requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Card } from '~/components/ui/card'
import { getPrimaryMembership } from '~/orgs/membership.server'

export const meta: Route.MetaFunction = () => pageTitle('Dashboard')

const ROLE_LABELS = { LEARNER: 'Learner', ADMIN: 'Administrator', OWNER: 'Owner' } as const

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const membership = await getPrimaryMembership(user.id)
	return {
		name: user.name,
		membership: membership
			? { orgName: membership.orgName, role: ROLE_LABELS[membership.role], teamName: membership.teamName }
			: null,
	}
}

export default function Dashboard() {
	const { name, membership } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Hello, {name}</h1>
			<Card aria-labelledby="membership-heading">
				<h2 id="membership-heading" className="text-xl font-semibold">
					Your organisation
				</h2>
				{membership ? (
					<dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
						<dt className="text-ink-muted">Organisation</dt>
						<dd>{membership.orgName}</dd>
						<dt className="text-ink-muted">Role</dt>
						<dd>{membership.role}</dd>
						<dt className="text-ink-muted">Team</dt>
						<dd>{membership.teamName ?? 'No team'}</dd>
					</dl>
				) : (
					<p className="mt-2 text-ink-muted">
						You are learning on your own. When your employer invites you, their organisation appears here.
					</p>
				)}
			</Card>
			<p>
				<Link to="/account">Manage your account</Link>
			</p>
		</div>
	)
}
