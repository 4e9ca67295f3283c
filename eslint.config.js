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
			'build/',
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
		files: ['server.js', 'tests/e2e/serve.mjs'],
		languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', URL: 'readonly' } },
	},
	{
		// The credential code stays free of the web framework (it could become a library).
		files: ['app/credentials/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: ['react-router', 'react', '@react-router/*', 'express'] }],
		},
	},
)
