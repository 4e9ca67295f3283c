import './zod-config'
import { data, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteLoaderData } from 'react-router'
import type { Route } from './+types/root'
import './app.css'
import { getMembership, getUser, sessionMiddleware } from './auth/auth.server'
import { isAdminRole } from './auth/roles'
import { ConfirmEmailNotice } from './components/confirm-email-notice'
import { FlashMessage } from './components/flash-message'
import { GeneralError } from './components/general-error'
import { useNonce } from './components/nonce'
import { pageTitle } from './components/page-title'
import { SiteFooter } from './components/site-footer'
import { SiteHeader } from './components/site-header'
import { consumeFlash } from './http/flash.server'
import { formBodyMiddleware, nulInAddressMiddleware } from './http/form-body.server'
import { config } from './config.server'

export const meta: Route.MetaFunction = ({ error }) => pageTitle(error ? 'Something went wrong' : undefined)

// Unreadable requests are refused first: the session lookup need not run for them.
export const middleware: Route.MiddlewareFunction[] = [nulInAddressMiddleware, formBodyMiddleware, sessionMiddleware]

export async function loader({ request, context }: Route.LoaderArgs) {
	const user = getUser(context)
	const membership = getMembership(context)
	const { flash, headers } = await consumeFlash(request)
	return data(
		{
			user: user
				? { name: user.name, isAdmin: isAdminRole(membership?.role), orgName: membership?.orgName ?? null }
				: null,
			/** The address of a signed-in person who has not confirmed it. */
			unconfirmedEmail: user && !user.emailVerified ? user.email : null,
			flash,
			signUpOpen: config.SIGN_UP === 'open',
		},
		{ headers },
	)
}

export function Layout({ children }: { children: React.ReactNode }) {
	const rootData = useRouteLoaderData<typeof loader>('root')
	const nonce = useNonce()
	const location = useLocation()
	const unconfirmedEmail = rootData?.unconfirmedEmail ?? null
	return (
		<html lang="en">
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<meta name="color-scheme" content="light dark" />
				<link rel="icon" href="/favicon.svg" type="image/svg+xml" />
				<Meta />
				{/* Style sheets need no nonce (style-src 'self'). An empty one stops React Router from adding
				the page's nonce, which browsers hide from scripts, so hydration would see a difference. */}
				<Links nonce="" />
			</head>
			<body className="flex min-h-screen flex-col">
				<SiteHeader user={rootData?.user ?? null} signUpOpen={rootData?.signUpOpen ?? true} />
				<main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 focus:outline-none">
					<FlashMessage flash={rootData?.flash ?? null} />
					{unconfirmedEmail && !location.pathname.startsWith('/confirm-email') ? (
						<ConfirmEmailNotice email={unconfirmedEmail} returnTo={`${location.pathname}${location.search}`} />
					) : null}
					{children}
				</main>
				<SiteFooter />
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
			</body>
		</html>
	)
}

export default function App() {
	return <Outlet />
}

export function ErrorBoundary() {
	return <GeneralError />
}
