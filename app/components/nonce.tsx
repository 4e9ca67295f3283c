import { createContext, useContext } from 'react'

/**
 * The Content-Security-Policy nonce of the response being rendered. Provided on the server only:
 * browsers hide a nonce from the page once the policy applies, and nothing rendered after
 * hydration needs one (the scripts that carry it are rendered once, before hydration).
 */
const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export function useNonce(): string {
	return useContext(NonceContext)
}
