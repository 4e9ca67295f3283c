/** Uploads are verified in worker threads, each within a time budget (review finding M4). */
import { threadId } from 'node:worker_threads'
import { expect, test } from 'vitest'
import { didKeyCredential } from '../../tests/fixtures/sample-credential'
import { earnCredential } from '../../tests/setup/earn-credential'
import { failure } from '../../tests/setup/failure'
import { VERIFY_BUDGET_MS, VerificationOverBudgetError, verifyUpload } from './verify-pool.server'

test('an upload is verified in a thread of its own, with the same result as on the main thread', async () => {
	const credential = JSON.parse((await earnCredential()).row.document) as Record<string, unknown>
	const ours = await verifyUpload('credential', credential)
	expect(ours.threadId).not.toBe(threadId)
	expect(ours.report.state).toBe('valid')
	expect(ours.report.checks.map((c) => c.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass'])
	// The status lists it points at come from the database with the task.
	expect(ours.report.checks.find((c) => c.id === 'status')?.message).toMatch(/Neither revoked nor suspended/)
	const { credential: forged } = await didKeyCredential('Northwind Logistics')
	expect((await verifyUpload('credential', forged)).report.state).toBe('unrecognised-issuer')
})

test('a document past its budget is stopped with a reason, and the pool goes on verifying', async () => {
	const credential = JSON.parse((await earnCredential()).row.document) as Record<string, unknown>
	// One millisecond is less than any real verification takes, the thread's start included.
	const error = await failure(() =>
		verifyUpload('credential', { ...credential, id: `urn:uuid:${crypto.randomUUID()}` }, { budgetMs: 1 }),
	)
	expect(error).toBeInstanceOf(VerificationOverBudgetError)
	expect((error as VerificationOverBudgetError).budgetMs).toBe(1)
	expect((await verifyUpload('credential', credential)).report.state).toBe('valid')
	expect(VERIFY_BUDGET_MS).toEqual({ credential: 5_000, record: 20_000 })
})
