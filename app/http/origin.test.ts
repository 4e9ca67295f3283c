import { expect, test } from 'vitest'
import { isAllowedOrigin } from './origin'

const site = 'https://skills.example.com'

test('reads are allowed from anywhere', () => {
	expect(isAllowedOrigin('GET', 'https://evil.example', site)).toBe(true)
	expect(isAllowedOrigin('HEAD', null, site)).toBe(true)
})

test('writes need our own origin exactly', () => {
	expect(isAllowedOrigin('POST', site, site)).toBe(true)
	expect(isAllowedOrigin('POST', 'https://evil.example', site)).toBe(false)
	expect(isAllowedOrigin('DELETE', 'https://skills.example.com.evil.example', site)).toBe(false)
	expect(isAllowedOrigin('PUT', 'http://skills.example.com', site)).toBe(false)
	expect(isAllowedOrigin('POST', undefined, site)).toBe(false)
	expect(isAllowedOrigin('post', 'null', site)).toBe(false)
})

test('a wallet posts to an exchange from anywhere; nothing else is exempt', () => {
	const exchange = '/exchanges/AbCdEfGhIjKlMnOpQrStUvWxYz012345'
	expect(isAllowedOrigin('POST', undefined, site, exchange)).toBe(true)
	expect(isAllowedOrigin('POST', 'https://wallet.example', site, exchange)).toBe(true)
	for (const path of [
		'/exchanges/short',
		`${exchange}/more`,
		`/admin${exchange}`,
		'/exchanges/AbCdEfGhIjKlMnOpQrStUvWxYz01234!',
	])
		expect(isAllowedOrigin('POST', 'https://evil.example', site, path)).toBe(false)
})
