import { describe, expect, it } from 'vitest';
import { EMAIL_MAX_LENGTH, emailLookupKey, normalizeEmail } from './email.ts';

const label = (length: number) => 'a'.repeat(length);

describe('normalizeEmail', () => {
  it('trims and lower-cases the domain but keeps the local part when the address is valid', () => {
    expect(normalizeEmail('  Ann.Lee@Example.COM \n')).toBe('Ann.Lee@example.com');
  });

  it.each([
    ['a plain address', 'ann@example.com'],
    ['a dotted local part', 'ann.lee@example.com'],
    ['plus-addressing', 'ann+tessera@example.com'],
    ['RFC 5322 atext symbols', "o'neil!#$%&*/=?^_`{|}~-@example.com"],
    ['a subdomain', 'ann@mail.example.co.uk'],
    ['digits in the domain', 'ann@123.example.com'],
    ['a hyphen inside a label', 'ann@my-mail.example.com'],
    ['a punycode top-level domain', 'ann@example.xn--p1ai'],
    ['accented Latin letters', 'jörg@bücher.de'],
    ['Cyrillic letters', 'иван@пример.рф'],
    ['Han characters', '用户@例子.广告'],
    ['Greek letters', 'χρήστης@παράδειγμα.ελ'],
    ['Devanagari with vowel signs', 'राम@डाटामेल.भारत'],
    ['Thai with tone marks', 'ผู้ใช้@ตัวอย่าง.ไทย'],
  ])('accepts %s when the address is well formed', (_what, address) => {
    expect(normalizeEmail(address)).toBe(address);
  });

  it('accepts a local part of exactly 64 characters when it is at the limit', () => {
    expect(normalizeEmail(`${label(64)}@example.com`)).not.toBeNull();
  });

  it('accepts an address of exactly the maximum length when it is at the limit', () => {
    const domain = `${label(63)}.${label(63)}.${label(57)}.com`; // 189 characters
    const address = `${label(64)}@${domain}`;
    expect(address).toHaveLength(EMAIL_MAX_LENGTH);
    expect(normalizeEmail(address)).toBe(address);
  });

  it.each([
    ['an empty string', ''],
    ['only whitespace', ' \t\n '],
    ['no @', 'ann.example.com'],
    ['nothing before the @', '@example.com'],
    ['nothing after the @', 'ann@'],
    ['two @', 'ann@lee@example.com'],
    ['two dots in a row in the local part', 'ann..lee@example.com'],
    ['a leading dot in the local part', '.ann@example.com'],
    ['a trailing dot in the local part', 'ann.@example.com'],
    ['two dots in a row in the domain', 'ann@example..com'],
    ['a leading dot in the domain', 'ann@.example.com'],
    ['a trailing dot in the domain', 'ann@example.com.'],
    ['a space inside the local part', 'ann lee@example.com'],
    ['a space inside the domain', 'ann@exa mple.com'],
    ['a tab inside the address', 'ann\t@example.com'],
    ['a domain without a dot', 'ann@localhost'],
    ['a label with a leading hyphen', 'ann@-example.com'],
    ['a label with a trailing hyphen', 'ann@example-.com'],
    ['a numeric top-level domain', 'ann@example.123'],
    ['a one-letter top-level domain', 'ann@example.c'],
    ['an IP-literal domain', 'ann@[127.0.0.1]'],
    ['a quoted local part', '"ann lee"@example.com'],
    ['a NUL character', 'ann\u0000@example.com'],
    ['angle brackets', '<ann@example.com>'],
    ['a display name', 'Ann <ann@example.com>'],
    ['a comma', 'ann,lee@example.com'],
  ])('rejects %s', (_what, address) => {
    expect(normalizeEmail(address)).toBeNull();
  });

  it('rejects a local part of 65 characters when it is one over the limit', () => {
    expect(normalizeEmail(`${label(65)}@example.com`)).toBeNull();
  });

  it('rejects a domain label of 64 characters when it is one over the limit', () => {
    expect(normalizeEmail(`ann@${label(64)}.com`)).toBeNull();
  });

  it('rejects an address of 255 characters when it is one over the limit', () => {
    const address = `${label(64)}@${label(63)}.${label(63)}.${label(58)}.com`;
    expect(address).toHaveLength(EMAIL_MAX_LENGTH + 1);
    expect(normalizeEmail(address)).toBeNull();
  });

  it.each([
    ['spaces', '  ann@example.com  '],
    ['tabs', '\tann@example.com\t'],
    ['newlines', '\r\nann@example.com\n'],
    ['no-break spaces', '\u00A0ann@example.com\u00A0'],
  ])('trims surrounding %s when normalising', (_what, address) => {
    expect(normalizeEmail(address)).toBe('ann@example.com');
  });

  it('lower-cases non-ASCII letters of the domain when normalising', () => {
    expect(normalizeEmail('Jörg@BÜCHER.DE')).toBe('Jörg@bücher.de');
  });

  it('keeps the case of the local part when normalising', () => {
    expect(normalizeEmail('MiXeD.CaSe@example.com')).toBe('MiXeD.CaSe@example.com');
  });

  it('composes decomposed accents when the address was typed in NFD', () => {
    expect(normalizeEmail('jo\u0308rg@bu\u0308cher.de')).toBe('j\u00F6rg@b\u00FCcher.de');
  });

  it('gives an NFD and an NFC address the same normal form when they are the same address', () => {
    expect(normalizeEmail('Jose\u0301@example.com')).toBe(normalizeEmail('Jos\u00E9@example.com'));
  });
});

describe('emailLookupKey', () => {
  it('lower-cases everything when building the lookup key', () => {
    expect(emailLookupKey('Ann@example.com')).toBe('ann@example.com');
  });

  it('lower-cases non-ASCII letters of the local part when building the lookup key', () => {
    expect(emailLookupKey('JÖRG@bücher.de')).toBe('jörg@bücher.de');
  });

  it('gives two spellings of one address the same key when only the case differs', () => {
    const a = normalizeEmail('Ann.Lee@Example.com');
    const b = normalizeEmail('ann.lee@EXAMPLE.COM');
    expect(a && emailLookupKey(a)).toBe(b && emailLookupKey(b));
  });
});
