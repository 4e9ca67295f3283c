/**
 * Item analysis of a path's final assessment for an organisation's owners and admins: per bank
 * question, how many answers its people gave while members, facility, discrimination and flags
 * (learning/item-statistics.ts), from the running sums grading keeps per organisation and question
 * (learning/item-responses.server.ts): one grouped SQL statement over at most two rows per
 * question, whatever the number of learners. Question options and keys are never part of it:
 * admins sit the assessments too.
 */
import { stringify } from 'csv-stringify/sync'
import { getQuestions } from '../content/catalog.server'
import type { CompiledPath } from '../content/compiled-content'
import { db } from '../db/db.server'
import { ITEM_FLAGS, itemStatistics, type ItemStatistics, type ItemSums } from '../learning/item-statistics'
import { ATTEMPTS_ROW } from '../learning/item-responses.server'

const EMPTY: ItemSums = { n: 0, sumX: 0, sumY: 0, sumXY: 0, sumYY: 0 }

export type AttemptsIncluded = 'all' | 'first'

export type ItemRow = ItemStatistics & {
	questionId: string
	type: string
	prompt: string
	moduleTitle: string
	lessonTitle: string
	objective: string
}

export type ItemAnalysis = {
	attempts: AttemptsIncluded
	/** Attempts counted, and the learners who made them (first attempts counted). */
	attemptCount: number
	learners: number
	/** Answers counted, over the bank's questions, and the share of them right. */
	answers: number
	shareRight: number | null
	items: ItemRow[]
	/** Answers to questions no longer in the bank (left out of the table). */
	retiredAnswers: number
}

/** The five sums per question (and the attempts, on ATTEMPTS_ROW) of the organisation's answers to the path. */
async function itemSums(orgId: string, pathSlug: string, attempts: AttemptsIncluded) {
	const rows = await db.itemStat.groupBy({
		by: ['questionId', 'firstAttempt'],
		where: { orgId, pathSlug, ...(attempts === 'first' ? { firstAttempt: true } : {}) },
		_sum: { answers: true, sumX: true, sumY: true, sumXY: true, sumYY: true },
	})
	const sums = new Map<string, ItemSums>()
	let learners = 0
	for (const { questionId, firstAttempt, _sum: t } of rows) {
		if (questionId === ATTEMPTS_ROW && firstAttempt) learners += t.answers ?? 0
		const s = sums.get(questionId) ?? { ...EMPTY }
		s.n += t.answers ?? 0
		s.sumX += t.sumX ?? 0
		s.sumY += t.sumY ?? 0
		s.sumXY += t.sumXY ?? 0
		s.sumYY += t.sumYY ?? 0
		sums.set(questionId, s)
	}
	const attemptCount = sums.get(ATTEMPTS_ROW)?.n ?? 0
	sums.delete(ATTEMPTS_ROW)
	return { sums, learners, attempts: attemptCount }
}

export async function getItemAnalysis(
	orgId: string,
	path: CompiledPath,
	attempts: AttemptsIncluded,
): Promise<ItemAnalysis> {
	const { sums, learners, attempts: attemptCount } = await itemSums(orgId, path.slug, attempts)
	const lessons = new Map(path.lessons.map((l) => [l.slug, l]))
	const modules = new Map(path.modules.map((m) => [m.slug, m.title]))
	const bank = getQuestions(path.slug).bank
	const items = bank.map((q): ItemRow => {
		const [lessonSlug, objectiveId] = q.objective.split('#') as [string, string]
		const lesson = lessons.get(lessonSlug)
		return {
			questionId: q.id,
			type: q.type,
			prompt: q.prompt,
			moduleTitle: (lesson && modules.get(lesson.moduleSlug)) ?? '',
			lessonTitle: lesson?.title ?? lessonSlug,
			objective: lesson?.objectives.find((o) => o.id === objectiveId)?.text ?? q.objective,
			...itemStatistics(sums.get(q.id) ?? EMPTY),
		}
	})
	const inBank = new Set(bank.map((q) => q.id))
	let answers = 0
	let right = 0
	let retiredAnswers = 0
	for (const [id, s] of sums) {
		if (!inBank.has(id)) {
			retiredAnswers += s.n
			continue
		}
		answers += s.n
		right += s.sumX
	}
	return {
		attempts,
		attemptCount,
		learners,
		answers,
		shareRight: answers > 0 ? right / answers : null,
		items,
		retiredAnswers,
	}
}

/** A number stays a number, so that a negative one is not taken for a formula and quoted. */
const round = (value: number | null) => (value === null ? '' : Math.round(value * 1000) / 1000)

/** The table as CSV (formulas neutralised), one row per bank question. */
export function itemAnalysisCsv(analysis: ItemAnalysis) {
	return stringify(
		analysis.items.map((item) => [
			item.questionId,
			item.moduleTitle,
			item.lessonTitle,
			item.objective,
			item.type,
			item.prompt,
			item.answers,
			item.correct,
			round(item.facility),
			round(item.discrimination),
			item.judged ? item.flags.map((f) => ITEM_FLAGS[f]).join('; ') : 'Too few answers to judge',
		]),
		{
			// A byte-order mark first, so that Excel reads the file as UTF-8.
			bom: true,
			header: true,
			columns: [
				'Question',
				'Module',
				'Lesson',
				'Objective',
				'Type',
				'Prompt',
				'Answers',
				'Right',
				'Facility',
				'Discrimination',
				'Flags',
			],
			// A cell that starts like a formula (=, +, -, @) is text in a spreadsheet, never run.
			escape_formulas: true,
		},
	)
}
