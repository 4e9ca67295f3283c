import { expect, test } from 'vitest'
import { WITHHELD_LINK } from './private-links'
import { linkRuns } from './text-links'

test('addresses become links; the words around them, and a withheld link, stay text', () => {
	const text = `Continue the path:\nhttps://skillproof.example/paths/data-literacy\n\nAccept the invitation: ${WITHHELD_LINK}`
	expect(linkRuns(text)).toEqual([
		{ text: 'Continue the path:\n' },
		{ text: 'https://skillproof.example/paths/data-literacy', href: 'https://skillproof.example/paths/data-literacy' },
		{ text: `\n\nAccept the invitation: ${WITHHELD_LINK}` },
	])
})

test('punctuation that ends a sentence is not part of the address; a bracket the address opened is', () => {
	expect(linkRuns('See http://a.example/x. Or (http://b.example/y), or http://c.example/w_(z).')).toEqual([
		{ text: 'See ' },
		{ text: 'http://a.example/x', href: 'http://a.example/x' },
		{ text: '. Or (' },
		{ text: 'http://b.example/y', href: 'http://b.example/y' },
		{ text: '), or ' },
		{ text: 'http://c.example/w_(z)', href: 'http://c.example/w_(z)' },
		{ text: '.' },
	])
})

test('only web addresses become links', () => {
	expect(linkRuns('javascript:alert(1) mailto:a@b.example ftp://c.example/ data:text/html,x')).toEqual([
		{ text: 'javascript:alert(1) mailto:a@b.example ftp://c.example/ data:text/html,x' },
	])
	expect(linkRuns('')).toEqual([])
})
