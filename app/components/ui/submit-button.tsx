import type { ComponentProps, ReactNode } from 'react'
import { useFormAction, useNavigation } from 'react-router'
import { Button } from './button'

type PendingOptions = {
	/** Where the form posts; by default the current route, as a `<Form>` without an action does. */
	formAction?: string | undefined
	/** The form's method; POST by default. */
	formMethod?: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | undefined
	/** Only a submission whose `intent` field has this value. */
	intent?: string | undefined
}

/**
 * Whether a form is on its way: from the moment it is sent until the page it leads to has loaded.
 * Only a submission to `formAction` (this route by default) counts, not following a link.
 */
export function useIsPending({ formAction, formMethod = 'POST', intent }: PendingOptions = {}) {
	const routeAction = useFormAction()
	const navigation = useNavigation()
	if (navigation.state === 'idle' || navigation.formMethod?.toUpperCase() !== formMethod) return false
	if (navigation.formAction !== (formAction ?? routeAction)) return false
	return intent === undefined || navigation.formData?.get('intent') === intent
}

type SubmitButtonProps = Omit<ComponentProps<typeof Button>, 'type'> & {
	/** Shown instead of the label while this button's own submission is on its way. */
	pendingLabel?: ReactNode
}

/**
 * A form's submit button. While a form of the page is on its way to the same action, every such
 * button is disabled, so a form is not sent twice; the one that sent it shows `pendingLabel`, if
 * given. Its `formAction`, if set, is where it posts and what it waits for.
 */
export function SubmitButton({
	pendingLabel,
	disabled,
	children,
	name,
	value,
	formAction,
	...props
}: SubmitButtonProps) {
	const navigation = useNavigation()
	const busy = useIsPending({ formAction: typeof formAction === 'string' ? formAction : undefined })
	const mine = busy && (name === undefined || navigation.formData?.get(name) === String(value))
	return (
		<Button
			{...props}
			type="submit"
			name={name}
			value={value}
			formAction={formAction}
			disabled={disabled || busy}
			aria-busy={mine || undefined}
		>
			{mine && pendingLabel !== undefined ? pendingLabel : children}
		</Button>
	)
}
