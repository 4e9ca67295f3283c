/** Form schemas shared by the browser (instant feedback) and the server (the real check). */
import { z } from 'zod'
import { typedText } from '../http/typed-text'

export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 200

export const emailSchema = z
	.string({ error: 'Enter your email address' })
	.trim()
	.toLowerCase()
	.max(254, 'An email address has at most 254 characters')
	.pipe(z.email({ error: 'Enter a valid email address, like name@example.com' }))

export const nameSchema = typedText(
	z.string({ error: 'Enter your name' }).trim().min(1, 'Enter your name').max(100, 'A name has at most 100 characters'),
)

export const newPasswordSchema = z
	.string({ error: 'Choose a password' })
	.min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
	.max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters`)

const currentPasswordSchema = z
	.string({ error: 'Enter your current password' })
	.max(MAX_PASSWORD_LENGTH, 'Enter your current password')

export const signUpSchema = z.object({
	name: nameSchema,
	email: emailSchema,
	password: newPasswordSchema,
})

export const signInSchema = z.object({
	email: emailSchema,
	password: z.string({ error: 'Enter your password' }).max(MAX_PASSWORD_LENGTH, 'Email or password is incorrect'),
	redirectTo: z.string().optional(),
})

export const changeNameSchema = z.object({ intent: z.literal('change-name'), name: nameSchema })

export const changeEmailSchema = z.object({
	intent: z.literal('change-email'),
	email: emailSchema,
	currentPassword: currentPasswordSchema,
})

export const changePasswordSchema = z
	.object({
		intent: z.literal('change-password'),
		currentPassword: currentPasswordSchema,
		newPassword: newPasswordSchema,
		confirmPassword: z.string({ error: 'Repeat the new password' }),
	})
	.refine((value) => value.newPassword === value.confirmPassword, {
		path: ['confirmPassword'],
		message: 'The two new passwords differ',
	})

export const forgotPasswordSchema = z.object({ email: emailSchema })

export const resetPasswordSchema = z
	.object({
		password: newPasswordSchema,
		confirmPassword: z.string({ error: 'Type the new password again' }),
	})
	.refine((value) => value.password === value.confirmPassword, {
		path: ['confirmPassword'],
		message: 'The two passwords differ',
	})
