/**
 * Reads a request's form data only up to a size limit, whatever the Content-Length says (or does
 * not say), so an oversized upload is refused without being held in memory.
 */
export class BodyTooLargeError extends Error {
	constructor(readonly limit: number) {
		super(`The request is larger than ${Math.round(limit / 1024)} KB.`)
	}
}

export async function readBoundedFormData(request: Request, limit: number): Promise<FormData> {
	const declared = Number(request.headers.get('Content-Length') ?? 0)
	if (declared > limit) throw new BodyTooLargeError(limit)
	const chunks: Uint8Array[] = []
	let size = 0
	if (request.body) {
		const reader = request.body.getReader()
		for (;;) {
			const { done, value } = await reader.read()
			if (done) break
			size += value.byteLength
			if (size > limit) {
				await reader.cancel()
				throw new BodyTooLargeError(limit)
			}
			chunks.push(value)
		}
	}
	const body = new Uint8Array(size)
	let offset = 0
	for (const chunk of chunks) {
		body.set(chunk, offset)
		offset += chunk.byteLength
	}
	return new Request(request.url, { method: 'POST', headers: request.headers, body }).formData()
}
