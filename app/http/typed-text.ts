/**
 * One rule for the single-line text people type — names, team names, reasons: no control
 * characters (C0, DEL, C1: a TAB, a line break, a NUL) and no bidirectional overrides, embeddings or
 * isolates, which make a name display as something it is not (a reversed file name, a swapped
 * order) and travel into certificates, emails and CSV files. Letters of every script, right-to-left
 * text, emoji and the ordinary direction marks stay welcome. Shared by the browser and the server.
 */
import type { z } from 'zod'

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
/** LRE, RLE, PDF, LRO, RLO and the isolates LRI, RLI, FSI, PDI. */
const DIRECTION_CONTROL = /[\u202a-\u202e\u2066-\u2069]/

/** Whether `text` holds a control character (C0, DEL or C1). */
export const holdsControlCharacter = (text: string) => CONTROL.test(text)

export const CONTROL_MESSAGE = 'Remove the tabs, line breaks or other control characters from this text.'
export const DIRECTION_MESSAGE = 'Remove the invisible characters that change the direction of this text.'

/** `schema` (a string schema, already trimmed and limited), refusing hidden characters with a clear message. */
export function typedText<T extends z.ZodType<string>>(schema: T) {
	return schema
		.refine((text) => !holdsControlCharacter(text), CONTROL_MESSAGE)
		.refine((text) => !DIRECTION_CONTROL.test(text), DIRECTION_MESSAGE)
}
