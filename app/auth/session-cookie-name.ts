/**
 * The session cookie's name, apart from cookie.server.ts so that code which must not read the
 * server's configuration (the end-to-end helpers that sign people in) can use it.
 */
export const SESSION_COOKIE_NAME = 'skillproof_session'
