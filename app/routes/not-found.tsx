import { data } from 'react-router'
import type { Route } from './+types/not-found'
import { pageTitle } from '~/components/page-title'

export const meta: Route.MetaFunction = () => pageTitle('Page not found')

// Every unknown URL lands here and answers a real 404, rendered by the root's general error view.
export function loader() {
	throw data(
		{ message: 'We could not find the page you asked for. It may have moved, or the link may be wrong.' },
		{ status: 404 },
	)
}

export function action() {
	throw data({ message: 'Not found.' }, { status: 404 })
}

export default function NotFound() {
	return null
}
