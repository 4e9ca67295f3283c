/** The error `work` rejects with; a test fails when it does not reject. */
export async function failure(work: () => Promise<unknown>): Promise<unknown> {
	try {
		await work()
	} catch (error) {
		return error
	}
	throw new Error('expected a failure')
}
