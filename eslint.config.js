import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

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
					patterns: [
						{
							group: ['**/routes/*', '~/routes/*'],
							message: 'Routes never import each other; move shared code to a domain module.',
						},
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
