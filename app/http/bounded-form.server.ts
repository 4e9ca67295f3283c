/**
 * Reads a request's form data only up to a size limit, whatever the Content-Length says (or does
 * not say), so an oversized upload is refused without being held in memory. A moderately larger
 * body is read to its end and dropped, so the client receives the refusal instead of a reset
 * connection; a far larger one is cut off.
 */
export class BodyTooLargeError extends Error {
	constructor(readonly limit: number) {
		super(`The request is larger than ${Math.round(limit / 1024)} KB.`)
	}
}

/** How much of an oversized body is read (and dropped) before the connection is cut instead. */
const DRAIN_FACTOR = 8

export async function readBoundedFormData(request: Request, limit: number): Promise<FormData> {
	const declared = Number(request.headers.get('Content-Length') ?? 0)
	const chunks: Uint8Array[] = []
	let size = 0
	let tooLarge = declared > limit
	if (request.body) {
		const reader = request.body.getReader()
		for (;;) {
			if (size > limit * DRAIN_FACTOR || declared > limit * DRAIN_FACTOR) {
				await reader.cancel()
				break
			}
			const { done, value } = await reader.read()
			if (done) break
			size += value.byteLength
			if (size > limit) tooLarge = true
			if (!tooLarge) chunks.push(value)
		}
	}
	if (tooLarge) throw new BodyTooLargeError(limit)
	const body = new Uint8Array(size)
	let offset = 0
	for (const chunk of chunks) {
		body.set(chunk, offset)
		offset += chunk.byteLength
	}
	return new Request(request.url, { method: 'POST', headers: request.headers, body }).formData()
}
