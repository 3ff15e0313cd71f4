/**
 * A parser for the password rules language of the HTML `passwordrules` attribute (whatwg/html#3518,
 * Apple's "Password Rules" spec), which is also the language of password-manager-resources'
 * password-rules.json. Safe in every context. It never throws: whatever parses is returned, the rest
 * is skipped up to the next `;`.
 *
 * Character sets come out as sorted strings of ASCII characters. Space is part of `special` and
 * `ascii-printable` in the spec but is left out here: the generator never puts a space in a password.
 * `unicode` is read as `ascii-printable` — we only generate ASCII, which any "unicode" site accepts.
 */

export interface PasswordRules {
  /** Each set must supply at least one character of the password. */
  required: string[];
  /** Every character the password may use (the union of `allowed` and `required`). */
  allowed: string;
  minLength?: number;
  maxLength?: number;
  /** At most this many identical characters in a row. */
  maxConsecutive?: number;
}

const range = (from: string, to: string) => Array.from({ length: to.charCodeAt(0) - from.charCodeAt(0) + 1 }, (_, i) => String.fromCharCode(from.charCodeAt(0) + i)).join('');

/** ASCII 0x21–0x7E: printable without the space. */
const ASCII_PRINTABLE = range('!', '~');

/** The spec's named classes (`special` is the spec's list: note it has no `/` and no `\`). */
export const RULE_CLASSES: Readonly<Record<string, string>> = {
  upper: range('A', 'Z'),
  lower: range('a', 'z'),
  digit: range('0', '9'),
  special: '-~!@#$%^&*_+=`|(){}[:;"\'<>,.?]',
  'ascii-printable': ASCII_PRINTABLE,
  unicode: ASCII_PRINTABLE,
};

const normalize = (chars: Iterable<string>) => [...new Set(chars)].filter((c) => c !== ' ').sort().join('');

/** Parses a custom class starting at `input[start] === '['`; null when it never closes. */
function parseCustomClass(input: string, start: number): { chars: string[]; end: number } | null {
  const chars: string[] = [];
  let position = start + 1;
  while (position < input.length) {
    const c = input[position]!;
    position++;
    if (c < ' ' || c > '~') continue;
    // `-` is literal only as the first character; elsewhere the spec ignores it (there are no ranges).
    if (c === '-' && chars.length > 0) continue;
    if (c === ']') {
      // `]` closes the class, unless a second `]` follows: then the first is a literal.
      if (input[position] === ']') return { chars: [...chars, ']'], end: position + 1 };
      return { chars, end: position };
    }
    chars.push(c);
  }
  return null;
}

/** Parses `upper, [abc], digit` up to the `;`; unknown names and malformed parts are skipped. */
function parseClassList(input: string, start: number): { chars: string; end: number } {
  const chars: string[] = [];
  let position = start;
  while (position < input.length && input[position] !== ';') {
    const c = input[position]!;
    if (c === '[') {
      const custom = parseCustomClass(input, position);
      if (!custom) return { chars: normalize(chars), end: input.length };
      chars.push(...custom.chars);
      position = custom.end;
    } else if (/[a-z-]/i.test(c)) {
      const name = /^[a-z-]+/i.exec(input.slice(position))![0];
      chars.push(...(RULE_CLASSES[name.toLowerCase()] ?? ''));
      position += name.length;
    } else {
      position++;
    }
  }
  return { chars: normalize(chars), end: position };
}

/** Skips a property we do not know, stepping over custom classes (they may contain `;`). */
function skipValue(input: string, start: number): number {
  let position = start;
  while (position < input.length && input[position] !== ';') {
    if (input[position] === '[') position = parseCustomClass(input, position)?.end ?? input.length;
    else position++;
  }
  return position;
}

export function parsePasswordRules(input: string): PasswordRules {
  const text = typeof input === 'string' ? input : '';
  const required: string[] = [];
  const allowed: string[] = [];
  const numbers: Record<'minlength' | 'maxlength' | 'max-consecutive', number[]> = { minlength: [], maxlength: [], 'max-consecutive': [] };

  let position = 0;
  while (position < text.length) {
    const rule = /^\s*([a-z-]+)\s*:/i.exec(text.slice(position));
    if (!rule) {
      position = skipValue(text, position) + 1;
      continue;
    }
    const name = rule[1]!.toLowerCase();
    position += rule[0].length;
    if (name === 'required' || name === 'allowed') {
      const list = parseClassList(text, position);
      if (name === 'required' && list.chars) required.push(list.chars);
      allowed.push(list.chars);
      position = list.end + 1;
    } else if (name in numbers) {
      const end = skipValue(text, position);
      const value = text.slice(position, end).trim();
      if (/^\d+$/.test(value) && Number(value) > 0) numbers[name as keyof typeof numbers].push(Number(value));
      position = end + 1;
    } else {
      position = skipValue(text, position) + 1;
    }
  }

  const result: PasswordRules = {
    required,
    // No (usable) character rule means any printable character, the spec's default.
    allowed: normalize(allowed.join('')) || ASCII_PRINTABLE,
  };
  // Repeated properties: the strictest value wins, as in Apple's canonical form.
  if (numbers.minlength.length) result.minLength = Math.max(...numbers.minlength);
  if (numbers.maxlength.length) result.maxLength = Math.min(...numbers.maxlength);
  if (numbers['max-consecutive'].length) result.maxConsecutive = Math.min(...numbers['max-consecutive']);
  return result;
}
