import { describe, expect, it } from 'vitest';
import { DeviceInfo } from './devices.ts';
import { NO_CONTROL_CHARACTERS } from './text.ts';

const device = { id: '0b5f6c5e-7f43-4c9a-9a53-3f0e8e3e9c1d', name: 'Chrome on Linux', browser: 'chrome', platform: 'linux' };

describe('DeviceInfo', () => {
  it('accepts what the extension sends when every field is valid', () => {
    expect(DeviceInfo.parse(device)).toEqual(device);
  });

  it('trims the name when it has surrounding spaces', () => {
    expect(DeviceInfo.parse({ ...device, name: '  Work laptop \t' }).name).toBe('Work laptop');
  });

  it('accepts names in any script and with emoji', () => {
    expect(DeviceInfo.safeParse({ ...device, name: 'Ноутбук 💻 büro' }).success).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['65 characters long', 'x'.repeat(65)],
    ['holding NUL', 'Chrome\u0000'],
    ['holding a newline inside', 'Chrome\non Linux'],
    ['holding an escape sequence', 'Chrome \u001b[31mred'],
    ['holding DEL', 'Chrome\u007f'],
    ['holding a C1 control', 'Chrome\u0085x'],
  ])('refuses a name %s', (_what, name) => {
    expect(DeviceInfo.safeParse({ ...device, name }).success).toBe(false);
  });

  it.each(['not-a-uuid', '', '0b5f6c5e7f434c9a9a533f0e8e3e9c1d'])('refuses the id %j', (id) => {
    expect(DeviceInfo.safeParse({ ...device, id }).success).toBe(false);
  });

  it('refuses a browser that is not on the list', () => {
    expect(DeviceInfo.safeParse({ ...device, browser: 'netscape' }).success).toBe(false);
  });

  it('refuses a platform that is not on the list', () => {
    expect(DeviceInfo.safeParse({ ...device, platform: 'amiga' }).success).toBe(false);
  });

  it('refuses unknown fields when they are added', () => {
    expect(DeviceInfo.safeParse({ ...device, trusted: true }).success).toBe(false);
  });
});

describe('NO_CONTROL_CHARACTERS', () => {
  it('matches exactly the strings without Unicode control characters (Cc)', () => {
    for (let code = 0; code <= 0x2000; code += 1) {
      const char = String.fromCharCode(code);
      expect(NO_CONTROL_CHARACTERS.test(`a${char}b`), `U+${code.toString(16)}`).toBe(!/\p{Cc}/u.test(char));
    }
  });
});
