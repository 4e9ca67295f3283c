import type { TestProject } from 'vitest/node'
import { createMigratedDatabase, dropDatabase, getTestProvider } from './test-databases'

declare module 'vitest' {
	export interface ProvidedContext {
		templateDatabaseUrl: string
		testProvider: 'sqlite' | 'postgresql'
	}
}

/** Migrates one template database for the whole run; each test file gets a copy of it. */
export default async function setup(project: TestProject) {
	const provider = getTestProvider()
	const templateUrl = await createMigratedDatabase(provider, 'skillproof_test_template')
	project.provide('templateDatabaseUrl', templateUrl)
	project.provide('testProvider', provider)
	console.log(`Integration tests run on ${provider}`)
	return async () => {
		await dropDatabase(templateUrl)
	}
}
