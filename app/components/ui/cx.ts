/** Joins class names, skipping falsy ones. */
export function cx(...classes: Array<string | false | null | undefined>): string {
	return classes.filter(Boolean).join(' ')
}
