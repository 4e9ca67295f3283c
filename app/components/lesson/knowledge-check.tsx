/**
 * The lesson's knowledge check: a plain form (works without JavaScript) posted to the lesson's
 * action, graded on the server. Answers and explanations arrive only after submitting.
 */
import { createContext, useContext } from 'react'
import { Form } from 'react-router'
import type { Answer, GradedQuestion } from '~/learning/grading'
import type { PublicQuestion } from '~/learning/public-question'
import { Alert } from '../ui/alert'
import { cx } from '../ui/cx'
import { SubmitButton } from '../ui/submit-button'

export type KnowledgeCheckState = {
	questions: PublicQuestion[]
	results: Record<string, GradedQuestion>
	error: { message: string; missing: string[] } | null
}

export const KnowledgeCheckContext = createContext<KnowledgeCheckState | null>(null)

export function describeAnswer(question: PublicQuestion, answer: GradedQuestion['correctAnswer']): string {
	const label = (id: string) => question.options.find((o) => o.id === id)?.text ?? id
	if (Array.isArray(answer)) return answer.map(label).join(question.type === 'ordering' ? ' → ' : '; ')
	return Object.entries(answer)
		.map(([option, target]) => `${label(option)} → ${question.targets?.find((t) => t.id === target)?.text ?? target}`)
		.join('; ')
}

/** The inputs of a question, filled with the graded answer (`result`) or one saved earlier (`saved`). */
export function QuestionInputs({
	question,
	result,
	saved,
}: {
	question: PublicQuestion
	result?: GradedQuestion
	saved?: Answer | undefined
}) {
	const name = `q:${question.id}`
	const given = result?.answer ?? saved
	if (question.type === 'single' || question.type === 'multiple') {
		const chosen = Array.isArray(given) ? given : []
		return (
			<div className="flex flex-col gap-2">
				{question.options.map((option) => (
					<label
						key={option.id}
						className="flex items-start gap-3 rounded-control border border-line px-3 py-2 hover:bg-surface-muted"
					>
						<input
							type={question.type === 'single' ? 'radio' : 'checkbox'}
							name={name}
							value={option.id}
							defaultChecked={chosen.includes(option.id)}
							className="mt-0.5 size-5 shrink-0 accent-[var(--sp-accent)]"
						/>
						<span>{option.text}</span>
					</label>
				))}
			</div>
		)
	}
	if (question.type === 'ordering') {
		const order = Array.isArray(given) ? given : []
		return (
			<div className="flex flex-col gap-2">
				<p className="text-sm text-ink-muted">Give each item its position, 1 for the first.</p>
				{question.options.map((option) => {
					const id = `${question.id}-${option.id}`
					const current = order.indexOf(option.id) + 1
					return (
						<div key={option.id} className="flex items-center gap-3">
							<select
								id={id}
								name={`${name}:${option.id}`}
								defaultValue={current > 0 ? String(current) : ''}
								className="min-h-11 rounded-control border border-line bg-surface px-2 text-ink"
							>
								<option value="">Position</option>
								{question.options.map((_, i) => (
									<option key={i} value={i + 1}>
										{i + 1}
									</option>
								))}
							</select>
							<label htmlFor={id}>{option.text}</label>
						</div>
					)
				})}
			</div>
		)
	}
	const pairs = given && !Array.isArray(given) ? given : {}
	return (
		<div className="flex flex-col gap-3">
			{question.options.map((option) => {
				const id = `${question.id}-${option.id}`
				return (
					<div key={option.id} className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-3">
						<label htmlFor={id} className="sm:w-1/2">
							{option.text}
						</label>
						<select
							id={id}
							name={`${name}:${option.id}`}
							defaultValue={pairs[option.id] ?? ''}
							className="min-h-11 rounded-control border border-line bg-surface px-2 text-ink sm:w-1/2"
						>
							<option value="">Choose a match</option>
							{question.targets?.map((target) => (
								<option key={target.id} value={target.id}>
									{target.text}
								</option>
							))}
						</select>
					</div>
				)
			})}
		</div>
	)
}

export function KnowledgeCheck() {
	const state = useContext(KnowledgeCheckContext)
	if (!state || state.questions.length === 0) return null
	const answered = state.questions.filter((q) => state.results[q.id])
	const correct = answered.filter((q) => state.results[q.id]?.correct).length
	return (
		<section
			aria-labelledby="knowledge-check"
			className="not-prose my-8 rounded-card border border-line bg-surface p-5"
		>
			<h2 id="knowledge-check" className="text-xl font-semibold">
				Check your understanding
			</h2>
			{answered.length === state.questions.length ? (
				<p role="status" className="mt-2 text-ink-muted">
					You got {correct} of {state.questions.length} right. Read the explanations, then try again if you like.
				</p>
			) : null}
			{state.error ? (
				<Alert tone="error" role="alert" className="mt-3">
					{state.error.message}
				</Alert>
			) : null}
			<Form method="post" preventScrollReset className="mt-4 flex flex-col gap-6">
				<input type="hidden" name="intent" value="check" />
				{state.questions.map((question, index) => {
					const result = state.results[question.id]
					const missing = state.error?.missing.includes(question.id)
					return (
						<fieldset key={question.id} className={cx('rounded-control', missing && 'border-l-4 border-danger pl-3')}>
							<legend className="mb-3 font-medium">
								<span className="text-ink-muted">Question {index + 1}. </span>
								{question.prompt}
								{question.type === 'multiple' ? <span className="text-ink-muted"> (select all that apply)</span> : null}
							</legend>
							<QuestionInputs question={question} result={result} />
							{result ? (
								<div
									className={cx(
										'mt-3 rounded-control px-3 py-2',
										result.correct ? 'bg-success-surface' : 'bg-danger-surface',
									)}
								>
									<p className="font-semibold">{result.correct ? 'Correct.' : 'Not quite.'}</p>
									{!result.correct ? (
										<p className="mt-1">Answer: {describeAnswer(question, result.correctAnswer)}</p>
									) : null}
									<p className="mt-1">{result.explanation}</p>
								</div>
							) : null}
						</fieldset>
					)
				})}
				<SubmitButton className="self-start">Check my answers</SubmitButton>
			</Form>
		</section>
	)
}
