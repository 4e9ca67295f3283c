import schema from '~/credentials/schemas/skills-record.schema.json'

/** The JSON Schema the exported skills record follows, published so that anyone can validate one. */
export function loader() {
	return Response.json(schema, {
		headers: { 'Content-Type': 'application/schema+json', 'Cache-Control': 'public, max-age=3600' },
	})
}
