/**
 * Text someone typed, ended as a sentence: a full stop is added only when it does not already end
 * with one, or with a question mark, an exclamation mark or an ellipsis (a quotation mark or bracket
 * after them counts too). "Answers were shared." stays as it is rather than gaining a second stop.
 */
export function asSentence(text: string): string {
	const trimmed = text.trim()
	return /[.!?…]["'”’)\]]*$/.test(trimmed) ? trimmed : `${trimmed}.`
}
