/** Epoch milliseconds. Injected so tests can move time instead of waiting for it. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

export const toIso = (epochMs: number): string => new Date(epochMs).toISOString();
export const toIsoOrNull = (epochMs: number | null): string | null => (epochMs === null ? null : toIso(epochMs));
