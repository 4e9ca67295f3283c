import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { formError, formReply, parseForm, plainFields } from './form-submission'

const schema = z.object({
	name: z.string().min(1, 'Give a name.'),
	teamId: z.string().regex(/^[a-z]+$/, 'Choose a team.'),
})

function form(entries: Array<[string, string]>) {
	const data = new FormData()
	for (const [name, value] of entries) data.append(name, value)
	return data
}

describe('reading a form', () => {
	test('a valid form gives its values', () => {
		const submission = parseForm(
			form([
				['name', 'Ops'],
				['teamId', 'abc'],
				['intent', 'x'],
			]),
			{ schema },
		)
		expect(submission.status).toBe('success')
		expect(submission.status === 'success' && submission.value).toEqual({ name: 'Ops', teamId: 'abc' })
	})

	test('conform’s own fields and nested paths are left out instead of failing the request', () => {
		const hostile = form([
			['name', 'Ops'],
			['teamId', 'abc'],
			['__intent__', 'not json'],
			['__state__', '{'],
			['name[999999999]', 'x'],
			['teamId.a', 'x'],
		])
		const submission = parseForm(hostile, { schema, disableAutoCoercion: true })
		expect(submission.status).toBe('success')
		expect(submission.payload).toEqual({ name: 'Ops', teamId: 'abc' })
		expect([...plainFields(hostile).keys()]).toEqual(['name', 'teamId'])
	})

	test('a form with only plain names is read as it is', () => {
		const data = form([['name', 'a']])
		expect(plainFields(data)).toBe(data)
	})

	test('without coercion an empty text stays a text, so the schema’s own message applies', () => {
		const coerced = parseForm(
			form([
				['name', ''],
				['teamId', 'abc'],
			]),
			{ schema },
		)
		const raw = parseForm(
			form([
				['name', ''],
				['teamId', 'abc'],
			]),
			{ schema, disableAutoCoercion: true },
		)
		expect(raw.status === 'error' && raw.error).toEqual({ name: ['Give a name.'] })
		expect(coerced.status === 'error' && coerced.error?.name?.[0]).not.toBe('Give a name.')
	})

	test('a field sent twice is a list, which a text field refuses', () => {
		const submission = parseForm(
			form([
				['name', 'a'],
				['name', 'b'],
				['teamId', 'abc'],
			]),
			{
				schema,
				disableAutoCoercion: true,
			},
		)
		expect(submission.status).toBe('error')
	})
})

describe('answering a refused form', () => {
	test('errors of fields without a control on the page become the form’s, after its own', () => {
		const submission = parseForm(form([['name', '']]), { schema, disableAutoCoercion: true })
		const reply = formReply(submission, { fields: ['name'], formErrors: ['Refused.'] })
		expect(reply.error).toEqual({
			name: ['Give a name.'],
			'': ['Refused.', 'Invalid input: expected string, received undefined'],
		})
		expect(reply.status).toBe('error')
	})

	test('errors of shown fields stay with them', () => {
		const submission = parseForm(
			form([
				['name', ''],
				['teamId', '1'],
			]),
			{ schema, disableAutoCoercion: true },
		)
		expect(formReply(submission, { fields: ['name', 'teamId'] }).error).toEqual({
			name: ['Give a name.'],
			teamId: ['Choose a team.'],
		})
	})

	test('one message for the whole form', () => {
		expect(formError('No such team.')).toEqual({ status: 'error', error: { '': ['No such team.'] } })
	})
})
