/**
 * Conflict copies: when two devices change an item in ways that cannot be merged, the background
 * keeps the other device's version as an ordinary item titled "<title> (conflict copy)". The list
 * marks it and its view says what to do; the user resolves it by keeping what they need.
 */
export const CONFLICT_COPY_SUFFIX = ' (conflict copy)';

export const isConflictCopy = (title: string) => title.endsWith(CONFLICT_COPY_SUFFIX);
