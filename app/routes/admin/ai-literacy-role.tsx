import { data, Link, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/ai-literacy-role'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { AiRoleForm } from '~/components/admin/ai-role-form'
import { pageTitle } from '~/components/page-title'
import { Card } from '~/components/ui/card'
import { ConfirmAction } from '~/components/ui/confirm-action'
import { listPaths } from '~/content/catalog.server'
import { redirectWithFlash } from '~/http/flash.server'
import { formError, formReply, parseForm } from '~/http/form-submission'
import { AiRoleError, aiRoleInputSchema, archiveAiRole, listAiRoles, updateAiRole } from '~/literacy/roles.server'

export const meta: Route.MetaFunction = ({ data: loaded }) =>
	pageTitle(`${loaded?.role.name ?? 'Role'} · AI literacy · Admin`)

export async function loader({ params, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	if (membership.role !== 'OWNER') throw data({ message: 'Only owners change AI-use roles.' }, { status: 403 })
	const role = (await listAiRoles(membership.orgId)).find((r) => r.id === params.roleId)
	if (!role) throw data({ message: 'There is no such role in your organisation.' }, { status: 404 })
	return { role, paths: listPaths().map((p) => ({ slug: p.slug, title: p.title })) }
}

const ROLE_FIELDS = ['name', 'description', 'refreshMonths', 'dueDays', 'pathSlugs']

export async function action({ params, request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	if (membership.role !== 'OWNER')
		return data({ result: formError('Only owners change AI-use roles.') }, { status: 403 })
	const actor = { id: user.id, name: user.name }
	const formData = await request.formData()
	try {
		if (formData.get('intent') === 'archive') {
			await archiveAiRole(membership.orgId, actor, params.roleId)
			return redirectWithFlash('/admin/ai-literacy', { kind: 'success', message: 'The role is archived.' })
		}
		const submission = parseForm(formData, { schema: aiRoleInputSchema })
		if (submission.status !== 'success')
			return data({ result: formReply(submission, { fields: ROLE_FIELDS }) }, { status: 400 })
		await updateAiRole(membership.orgId, actor, params.roleId, submission.value)
		return redirectWithFlash('/admin/ai-literacy', {
			kind: 'success',
			message: `The role “${submission.value.name}” is saved.`,
		})
	} catch (error) {
		if (error instanceof AiRoleError) return data({ result: formError(error.message) }, { status: 400 })
		throw error
	}
}

export default function AiRolePage() {
	const { role, paths } = useLoaderData<typeof loader>()
	const answer = useActionData<typeof action>()
	return (
		<div className="flex flex-col gap-6">
			<p>
				<Link to="/admin/ai-literacy">AI literacy</Link>
			</p>
			<h1 className="text-3xl font-bold">{role.name}</h1>
			<Card className="flex flex-col gap-4">
				<p className="max-w-prose text-ink-muted">
					A path you add is assigned at once to everyone who holds the role; a path you remove is withdrawn from their
					assignments. The report keeps what the role required on each earlier day.
				</p>
				<AiRoleForm
					id="role"
					intent="update"
					submitLabel="Save the role"
					paths={paths}
					values={{
						name: role.name,
						description: role.description,
						refreshMonths: role.refreshMonths,
						dueDays: role.dueDays,
						pathSlugs: role.paths.map((p) => p.slug),
					}}
					lastResult={answer?.result}
				/>
			</Card>
			<ConfirmAction
				label="Archive this role"
				warning="Nobody holds it from now on and its assignments are withdrawn. Reports for earlier days still show it."
				confirmLabel="Archive the role"
			>
				<input type="hidden" name="intent" value="archive" />
			</ConfirmAction>
		</div>
	)
}
