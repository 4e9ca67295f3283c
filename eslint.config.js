import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const routesImportEachOther = {
	group: ['**/routes/*', '~/routes/*'],
	message: 'Routes never import each other; move shared code to a domain module.',
}

export default tseslint.config(
	{
		ignores: [
			'**/build/',
			'.cache/',
			'node_modules/',
			'.react-router/',
			'app/db/generated/',
			'data/',
			'test-results/',
			'playwright-report/',
		],
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['app/**/*.{ts,tsx}'],
		plugins: { 'react-hooks': reactHooks },
		rules: reactHooks.configs.recommended.rules,
	},
	{
		files: ['**/*.{ts,tsx}'],
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			'no-restricted-imports': [
				'error',
				{
					patterns: [routesImportEachOther],
				},
			],
		},
	},
	{
		// Accounts, sessions, tokens and roles are Auth's; organisations build on them, not the reverse.
		files: ['app/auth/**/*.{ts,tsx}'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						routesImportEachOther,
						{ group: ['**/orgs/*', '~/orgs/*'], message: 'Auth does not depend on organisations (app/orgs).' },
					],
				},
			],
		},
	},
	{
		files: ['server.js', 'tests/e2e/serve.mjs', 'bench/bare-page/server.js'],
		languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', URL: 'readonly' } },
	},
	// app/credentials/ is a library: pure functions over plain data (build, sign, verify, status-list
	// bits, views of a credential). Keys, a document loader, the clock and the issuer's origin come in
	// as arguments; the database side of credentials is app/issuing/. These blocks come last: a later
	// no-restricted-imports for the same files replaces the earlier one (the routes rule above).
	{
		files: ['app/credentials/**/*.{ts,tsx}'],
		ignores: ['app/credentials/**/*.test.{ts,tsx}'],
		rules: { 'no-restricted-imports': ['error', { patterns: credentialLibraryPatterns({ tests: false }) }] },
	},
	{
		// Its tests may also use the shared test helpers and fixtures under tests/.
		files: ['app/credentials/**/*.test.{ts,tsx}'],
		rules: { 'no-restricted-imports': ['error', { patterns: credentialLibraryPatterns({ tests: true }) }] },
	},
)

/** What app/credentials/ may not import: anything of the app outside the folder, a database or a framework. */
function credentialLibraryPatterns({ tests }) {
	const library = 'app/credentials/ is a library: it imports nothing of the app; pass what it needs as an argument.'
	return [
		tests
			? { regex: '^(~/|\\.\\./(?!\\.\\./tests/))', message: `${library} (Its tests may use tests/.)` }
			: { group: ['~/*', '../*'], message: library },
		{ group: ['@prisma/*', '**/db/**'], message: `${library} The database side is app/issuing/.` },
		{ group: ['**/config.server*'], message: `${library} Origins, keys and the clock are arguments.` },
		{
			group: ['react', 'react-dom', 'react-router', '@react-router/*', 'express'],
			message: `${library} No web framework.`,
		},
	]
}
