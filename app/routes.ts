import { type RouteConfig, index, layout, prefix, route } from '@react-router/dev/routes'

export default [
	index('routes/home.tsx'),
	route('sign-up', 'routes/sign-up.tsx'),
	route('sign-in', 'routes/sign-in.tsx'),
	route('sign-out', 'routes/sign-out.tsx'),
	route('account', 'routes/account.tsx'),
	route('dashboard', 'routes/dashboard.tsx'),
	...prefix('paths', [
		index('routes/paths/catalog.tsx'),
		route(':pathSlug', 'routes/paths/path.tsx'),
		route(':pathSlug/assessment', 'routes/paths/assessment.tsx'),
		route(':pathSlug/assessment/:attemptId', 'routes/paths/attempt.tsx'),
		route(':pathSlug/:lessonSlug', 'routes/paths/lesson.tsx'),
	]),
	...prefix('admin', [
		layout('routes/admin/layout.tsx', [
			index('routes/admin/index.tsx'),
			route('credentials', 'routes/admin/credentials.tsx'),
		]),
	]),
	route('.well-known/did.json', 'routes/credentials/did-document.ts'),
	route('credentials', 'routes/credentials/wallet.tsx'),
	route('credentials/:credentialId/credential.json', 'routes/credentials/own-json.ts'),
	route('credentials/:credentialId/certificate.pdf', 'routes/credentials/certificate.ts'),
	route('credentials/status/:listId', 'routes/credentials/status-list.ts'),
	route('c/:publicId', 'routes/credentials/verification.tsx'),
	route('c/:publicId/credential.json', 'routes/credentials/credential-json.ts'),
	route('verify', 'routes/credentials/verify.tsx'),
	route('achievements/:pathSlug/:version', 'routes/credentials/achievement.ts'),
	route('badges/:file', 'routes/credentials/badge.ts'),
	route('healthz', 'routes/healthz.ts'),
	route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig
