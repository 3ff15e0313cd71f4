import { inflateSync } from 'node:zlib';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { CAPTCHA_ALPHABET, CAPTCHA_HEIGHT, CAPTCHA_WIDTH, drawCaptcha, randomCaptchaAnswer } from './captcha-image.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunks(png: Buffer): { type: string; data: Buffer }[] {
  const found: { type: string; data: Buffer }[] = [];
  for (let offset = PNG_SIGNATURE.length; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    found.push({ type: png.toString('latin1', offset + 4, offset + 8), data: png.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
  }
  return found;
}

/** Share of pixels darker than mid-grey, read back through a PNG decoder. */
async function darkShare(png: Buffer): Promise<number> {
  const canvas = createCanvas(CAPTCHA_WIDTH, CAPTCHA_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(await loadImage(png), 0, 0);
  const { data } = ctx.getImageData(0, 0, CAPTCHA_WIDTH, CAPTCHA_HEIGHT);
  let dark = 0;
  for (let at = 0; at < data.length; at += 4) {
    if (0.3 * data[at]! + 0.59 * data[at + 1]! + 0.11 * data[at + 2]! < 128) dark++;
  }
  return dark / (CAPTCHA_WIDTH * CAPTCHA_HEIGHT);
}

describe('CAPTCHA_ALPHABET', () => {
  it('has at least 20 distinct upper-case letters and digits', () => {
    expect(CAPTCHA_ALPHABET).toMatch(/^[A-Z0-9]+$/);
    expect(new Set(CAPTCHA_ALPHABET).size).toBe(CAPTCHA_ALPHABET.length);
    expect(CAPTCHA_ALPHABET.length).toBeGreaterThanOrEqual(20);
  });

  it('leaves out every character that looks like another', () => {
    for (const lookAlike of '0OQDG1IL2Z5S8BUV') expect(CAPTCHA_ALPHABET).not.toContain(lookAlike);
  });
});

describe('randomCaptchaAnswer', () => {
  it('draws 5 to 7 alphabet characters, every length and every character turning up', () => {
    const answers = Array.from({ length: 2000 }, () => randomCaptchaAnswer());
    for (const answer of answers) {
      expect(answer.length).toBeGreaterThanOrEqual(5);
      expect(answer.length).toBeLessThanOrEqual(7);
      for (const character of answer) expect(CAPTCHA_ALPHABET).toContain(character);
    }
    expect(new Set(answers.map((answer) => answer.length))).toEqual(new Set([5, 6, 7]));
    expect(new Set(answers.join(''))).toEqual(new Set(CAPTCHA_ALPHABET));
  });

  it('uses the length asked for', () => {
    expect(randomCaptchaAnswer(6)).toHaveLength(6);
  });

  it('refuses a length outside 5 to 7', () => {
    for (const length of [4, 8, 5.5, Number.NaN]) expect(() => randomCaptchaAnswer(length)).toThrow(RangeError);
  });
});

describe('drawCaptcha', () => {
  it('makes a PNG of the advertised size', () => {
    const png = drawCaptcha('AC4M7');
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const [header] = chunks(png);
    expect(header?.type).toBe('IHDR');
    expect(header?.data.readUInt32BE(0)).toBe(CAPTCHA_WIDTH);
    expect(header?.data.readUInt32BE(4)).toBe(CAPTCHA_HEIGHT);
  });

  it('writes only raster chunks, so the answer is nowhere in the file as text', () => {
    const answer = 'HKW7XE9';
    const png = drawCaptcha(answer);
    const types = chunks(png).map((chunk) => chunk.type);
    expect(types).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
    for (const text of ['tEXt', 'iTXt', 'zTXt']) expect(png.includes(text, 0, 'latin1')).toBe(false);
    const pixels = inflateSync(Buffer.concat(chunks(png).filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data)));
    for (const bytes of [png, pixels]) {
      expect(bytes.includes(answer, 0, 'latin1')).toBe(false);
      expect(bytes.includes(answer.toLowerCase(), 0, 'latin1')).toBe(false);
    }
  });

  it('draws the same answer differently each time', () => {
    expect(drawCaptcha('PRTY3').equals(drawCaptcha('PRTY3'))).toBe(false);
  });

  it('puts a readable amount of ink on the picture', async () => {
    for (const answer of ['AC4M7', 'HKW7XE9', 'JNP36']) {
      const share = await darkShare(drawCaptcha(answer));
      expect(share).toBeGreaterThan(0.04);
      expect(share).toBeLessThan(0.4);
    }
  });

  it('keeps the file small', () => {
    for (let draw = 0; draw < 20; draw++) expect(drawCaptcha(randomCaptchaAnswer()).length).toBeLessThan(15_000);
  });

  it('accepts the answer in lower case, since answers compare case-insensitively', () => {
    expect(() => drawCaptcha('ac4m7')).not.toThrow();
  });

  it('refuses characters it has no glyph for, and empty or overlong answers', () => {
    for (const answer of ['A0C4M', 'AC4M7!', '', 'ACEFHJKM']) expect(() => drawCaptcha(answer)).toThrow(RangeError);
  });
});
