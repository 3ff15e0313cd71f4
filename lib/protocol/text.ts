/**
 * Rules for free text that the hub stores or shows (device names, …). Pure TS, safe in every context.
 *
 * Control characters (C0, DEL, C1: NUL, newlines, terminal escapes) have no place in a name shown in a
 * list, can forge lines in logs and pages, and PostgreSQL cannot store NUL in text at all. Written as
 * ranges rather than \p{Cc} so the pattern also works in the OpenAPI document (non-Unicode regex).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f-\u009f]*$/;
