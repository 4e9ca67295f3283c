import { expect, test } from 'vitest'
import { z } from 'zod'
import { CONTROL_MESSAGE, DIRECTION_MESSAGE, typedText } from './typed-text'

const schema = typedText(z.string().trim().min(1).max(100))
const message = (text: string) => {
	const result = schema.safeParse(text)
	return result.success ? null : result.error.issues[0]!.message
}

test.each(['Ada Lovelace', 'Zoë Ødegaard', 'محمد علي', 'שרה כהן', '李小龍', 'Ana 🚀', 'O’Brien-Smith', 'a\u200fb'])(
	'%s is a name',
	(text) => {
		expect(message(text)).toBeNull()
	},
)

test.each(['Ada\tLovelace', 'Ada\nLovelace', 'Ada\u0000', 'Ada\u0007', 'Ada\u007f', 'Ada\u0085'])(
	'%j holds a control character and is refused',
	(text) => {
		expect(message(text)).toBe(CONTROL_MESSAGE)
	},
)

test.each(['\u202eevil.exe', 'Ada\u202dLovelace', '\u2066Ada\u2069', 'a\u202ab\u202c'])(
	'%j changes its own direction and is refused',
	(text) => {
		expect(message(text)).toBe(DIRECTION_MESSAGE)
	},
)

test('leading and trailing white space is trimmed before the check, as before', () => {
	expect(schema.parse('\t Ada \n')).toBe('Ada')
})
