/** The sections of the administration area, in the order its navigation lists them. */
export const ADMIN_SECTIONS = [
	['/admin', 'Overview'],
	['/admin/people', 'People'],
	['/admin/invitations', 'Invitations'],
	['/admin/access', 'Access'],
	['/admin/import', 'Import'],
	['/admin/teams', 'Teams'],
	['/admin/assignments', 'Assignments'],
	['/admin/reports', 'Reports'],
	['/admin/skills-gap', 'Skills gap'],
	['/admin/talent', 'Talent search'],
	['/admin/ai-literacy', 'AI literacy'],
	['/admin/item-analysis', 'Item analysis'],
	['/admin/credentials', 'Credentials'],
	['/admin/issuer', 'Issuer profile'],
	['/admin/audit', 'Audit log'],
	['/admin/outbox', 'Outbox'],
] as const
