import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildContent } from '../../scripts/content-build'
import { writeFixtureContent } from '../fixtures/content-fixture'
import { createMigratedDatabase, dropDatabase, getTestProvider, TEST_DATA_DIR, uniqueName } from './test-databases'

declare module 'vitest' {
	export interface ProvidedContext {
		templateDatabaseUrl: string
		contentBuildDir: string
		testProvider: 'sqlite' | 'postgresql'
	}
}

/** Migrates one template database for the whole run; each test file gets a copy of it. */
export default async function setup(project: TestProject) {
	const provider = getTestProvider()
	// The fixture path, compiled once, stands in for the real lessons in tests.
	const contentDir = path.join(TEST_DATA_DIR, uniqueName('content'))
	writeFixtureContent(path.join(contentDir, 'src'))
	await buildContent(path.join(contentDir, 'src'), path.join(contentDir, 'build'))
	project.provide('contentBuildDir', path.join(contentDir, 'build'))
	const templateUrl = await createMigratedDatabase(provider, 'skillproof_test_template')
	project.provide('templateDatabaseUrl', templateUrl)
	project.provide('testProvider', provider)
	console.log(`Integration tests run on ${provider}`)
	return async () => {
		await dropDatabase(templateUrl)
		fs.rmSync(contentDir, { recursive: true, force: true })
	}
}
