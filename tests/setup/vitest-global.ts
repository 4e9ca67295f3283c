import fs from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildContent } from '../../scripts/content-build'
import { POSTGRES_ADMIN_URL } from '../../scripts/prisma-cli'
import { writeFixtureContent } from '../fixtures/content-fixture'
import { describePostgresUrl, probePostgres } from './postgres-server'
import { createMigratedDatabase, dropDatabase, getTestProvider, TEST_DATA_DIR, uniqueName } from './test-databases'

declare module 'vitest' {
	export interface ProvidedContext {
		templateDatabaseUrl: string
		contentBuildDir: string
		testProvider: 'sqlite' | 'postgresql'
		/** The PostgreSQL server's major version (0 on SQLite): the backup tests need its client tools. */
		postgresMajor: number
	}
}

/** Migrates one template database for the whole run; each test file gets a copy of it. */
export default async function setup(project: TestProject) {
	const provider = getTestProvider()
	let postgresMajor = 0
	if (provider === 'postgresql') {
		const probe = await probePostgres(POSTGRES_ADMIN_URL)
		if (!probe.ok) {
			const error = new Error(
				`No PostgreSQL server for the tests at ${describePostgresUrl(POSTGRES_ADMIN_URL)} (${probe.reason}). ` +
					'npm test and npm run test:unit start one when none answers (scripts/with-postgres.ts); or set POSTGRES_ADMIN_URL.',
			)
			error.stack = error.message
			throw error
		}
		postgresMajor = probe.major
	}
	project.provide('postgresMajor', postgresMajor)
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
