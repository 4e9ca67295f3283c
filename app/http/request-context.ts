import { createContext, type RouterContextProvider } from 'react-router'

/** The client's address as the HTTP server saw it (after trusted proxies), for rate limits. */
export const clientAddressContext = createContext<string>('unknown')

export function getClientAddress(context: Readonly<RouterContextProvider>): string {
	return context.get(clientAddressContext)
}
