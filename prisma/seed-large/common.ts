/**
 * Shared by the large seed's modules: a seeded random source, ids, batching, the names it gives
 * teams and people, and the reasons it gives for revoking and suspending.
 */
import crypto from 'node:crypto'

/** Rows per createMany call and learners per transaction: short transactions, whatever the provider. */
export const BATCH = 500
export const DAY = 24 * 60 * 60 * 1000
export const MINUTE = 60 * 1000

/** A seeded pseudo-random source (mulberry32), so the same slug gives the same mix. */
export function createRandom(seed: number) {
	let state = seed >>> 0
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0
		let t = state
		t = Math.imul(t ^ (t >>> 15), t | 1)
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
	}
	const between = (min: number, max: number) => min + next() * (max - min)
	const int = (min: number, max: number) => Math.floor(between(min, max + 1))
	const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
	const weighted = (weights: readonly number[]) => {
		const total = weights.reduce((a, b) => a + b, 0)
		let r = next() * total
		for (const [i, w] of weights.entries()) if ((r -= w) < 0) return i
		return weights.length - 1
	}
	const shuffle = <T>(items: T[]): T[] => {
		for (let i = items.length - 1; i > 0; i--) {
			const j = Math.floor(next() * (i + 1))
			;[items[i], items[j]] = [items[j]!, items[i]!]
		}
		return items
	}
	return { next, between, int, pick, weighted, shuffle, chance: (p: number) => next() < p }
}
export type Random = ReturnType<typeof createRandom>

export function hashSeed(text: string) {
	return crypto.createHash('sha256').update(text).digest().readUInt32LE(0)
}

let idCounter = 0
/** Collision-resistant ids in the shape of Prisma's cuid (time-ordered, so inserts stay local). */
export function newId() {
	idCounter = (idCounter + 1) % 1_679_616
	return `c${Date.now().toString(36)}${idCounter.toString(36).padStart(4, '0')}${crypto.randomBytes(6).toString('hex')}`
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
	const out: T[][] = []
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
	return out
}

export async function createManyInChunks<T>(rows: T[], write: (data: T[]) => Promise<unknown>) {
	for (const part of chunks(rows, BATCH)) await write(part)
}

export const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(1))
export const fmt = (n: number) => n.toLocaleString('en-GB')

export const DEPARTMENTS: Array<[string, number]> = [
	['Operations', 10],
	['Warehouse', 9],
	['Customer Service', 7],
	['Logistics', 6],
	['Sales', 4],
	['Engineering', 3],
	['IT Service Desk', 2],
	['Finance', 2],
	['Marketing', 1.5],
	['Quality', 1.2],
	['People & HR', 1.2],
	['Procurement', 1],
	['Data & Analytics', 1],
	['Facilities', 0.8],
	['Product', 0.8],
	['Legal & Compliance', 0.4],
]
export const SITES: Array<[string, number]> = [
	['Rotterdam', 1.6],
	['Manchester', 1.3],
	['Hamburg', 1.2],
	['Lyon', 1],
	['Warsaw', 1],
	['Porto', 0.8],
	['Dublin', 0.7],
	['Milan', 0.7],
	['Gothenburg', 0.6],
	['Brno', 0.5],
]
export const FIRST_NAMES = (
	'Olivia,Liam,Amara,Noah,Sofia,Mateo,Priya,Kwame,Chloé,Jonas,Aisha,Tomasz,Hiroshi,Lena,Rafael,Ingrid,' +
	'Yusuf,Marta,Diego,Fatima,Lukas,Elif,Sean,Anouk,Mihai,Zofia,Oskar,Nadia,Emeka,Clara,Arjun,Beatriz,' +
	'Finn,Leila,Matteo,Hanna,Kofi,Isabel,Pieter,Mei,Andrei,Freya,Joao,Sara,Tariq,Eva,Ruben,Aylin,Niamh,' +
	'Jakub,Camille,Samuel,Ines,Viktor,Maya,Ahmed,Julia,Lars,Rosa,Daniel,Chiara,Oliver,Ana,Karim,Emma,' +
	'Bogdan,Lucia,Felix,Grace,Ivan,Noor,Hugo,Astrid'
).split(',')
export const LAST_NAMES = (
	'Okafor,Alvarez,Larsen,Rossi,Natarajan,Mensah,Lindqvist,Tanaka,Diallo,Becker,Martin,Souza,Rahman,' +
	'Nowak,de Vries,Murphy,Kowalski,Jansen,García,Schmidt,Dubois,Ferreira,Novák,Bianchi,Andersson,' +
	"Popescu,O'Brien,Yilmaz,Haddad,Mwangi,Kim,Chen,Singh,Patel,Nielsen,Moreau,Costa,Horvat,Fischer," +
	'Lambert,Walsh,Bakker,Romano,Johansson,Wójcik,Santos,Weber,Laurent,Ricci,Berg,Ivanova,Kaya,Adeyemi,' +
	'Nakamura,Hoffmann,Petit,Marino,Svensson,Dvořák,Pereira,Keller,Girard,Conti,Hansen,Sato'
).split(',')

export function emailPart(name: string) {
	return name
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '')
}

export function titleFromSlug(slug: string) {
	return slug
		.split('-')
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ')
}

export const REVOKE_REASONS = [
	'The final assessment was taken on behalf of the learner by a colleague.',
	'Issued to the wrong account; the learner holds the credential under another address.',
	'The assessment was completed with help the policy does not allow.',
]
export const SUSPEND_REASONS = [
	'Under review after a complaint about the assessment conditions.',
	'Paused while the learner’s employment status is checked.',
]
