import { createContext, type RouterContextProvider } from 'react-router'

/** The client's address as the HTTP server saw it (after trusted proxies), for rate limits. */
export const clientAddressContext = createContext<string>('unknown')

export function getClientAddress(context: Readonly<RouterContextProvider>): string {
	return context.get(clientAddressContext)
}

/**
 * This response's Content-Security-Policy nonce (server/security-headers.ts), for the inline
 * scripts React Router and React render. New for every request; empty when no policy was set.
 */
export const cspNonceContext = createContext<string>('')
