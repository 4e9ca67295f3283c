export const TOPIC_LABELS = {
	'data-literacy': 'Data literacy',
	'ai-proficiency': 'AI proficiency',
	'ai-ethics': 'AI ethics and responsible use',
} as const

export const LEVEL_LABELS = { foundation: 'Foundation', intermediate: 'Intermediate', advanced: 'Advanced' } as const

export function formatMinutes(minutes: number): string {
	if (minutes < 60) return `${minutes} min`
	const hours = Math.floor(minutes / 60)
	const rest = minutes % 60
	return rest ? `${hours} h ${rest} min` : `${hours} h`
}
