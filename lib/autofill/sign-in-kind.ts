/**
 * Content-safe and DOM-free: the kinds of sign-in form find-sign-in.ts tells apart. In its own file
 * so the wire contract (protocol.ts), which the background and the Node type check import, needs no
 * DOM types.
 */
export type SignInKind = 'sign-in' | 'username-first' | 'sign-up' | 'change-password' | 'one-time-code';
