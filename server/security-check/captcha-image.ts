/**
 * The Security Check picture: the answer leaves the hub only as warped raster pixels — no text chunk,
 * no font glyph, no vector path in the PNG — so reading the picture is the only way to recover it.
 * Glyphs come from a small built-in stroke font (no system fonts needed, nothing to license) and are
 * bent, jittered and overdrawn as they are drawn. The answer is drawn from CAPTCHA_ALPHABET with
 * crypto.randomInt; the distortion uses Math.random, which is fast and reveals nothing about the answer.
 */
import { randomInt } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

/**
 * Capitals and digits with no look-alike among them. Left out: 0 O Q D G (round shapes), 1 I L (a bar),
 * 2 Z, 5 S, 8 B, U V. Answers are upper case; a few letters are sometimes drawn lower case (see LOWER).
 */
export const CAPTCHA_ALPHABET = 'ACEFHJKMNPRTWXY34679';
export const CAPTCHA_WIDTH = 240;
export const CAPTCHA_HEIGHT = 80;
const [WIDTH, HEIGHT] = [CAPTCHA_WIDTH, CAPTCHA_HEIGHT];
/** Shades from background to ink: enough for smooth edges, few enough to keep the file small. */
const SHADES = 24;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MIN_LENGTH = 5;
const MAX_LENGTH = 7;

type Point = readonly [number, number];
type Stroke = readonly Point[];
interface Glyph {
  width: number;
  strokes: readonly Stroke[];
}

/** Points on an ellipse (y grows downwards; degrees counter-clockwise from 3 o'clock, as on paper). */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number): Point[] {
  const steps = Math.max(4, Math.ceil(Math.abs(to - from) / 15));
  const points: Point[] = [];
  for (let step = 0; step <= steps; step++) {
    const angle = ((from + ((to - from) * step) / steps) * Math.PI) / 180;
    points.push([cx + rx * Math.cos(angle), cy - ry * Math.sin(angle)]);
  }
  return points;
}

/** 9 is a 6 turned half a turn. */
const rotated = (glyph: Glyph): Glyph => ({
  width: glyph.width,
  strokes: glyph.strokes.map((stroke) => stroke.map(([x, y]): Point => [glyph.width - x, 1 - y])),
});

// Capitals fill y 0 (cap line) .. 1 (baseline); lower case sits on 0.45 .. 1 (descender to 1.35).
const SIX: Glyph = { width: 0.68, strokes: [[...arc(0.52, 0.62, 0.48, 0.62, 85, 180), ...arc(0.35, 0.68, 0.33, 0.32, 180, 540)]] };
const P_BOWL: Point[] = [[0, 1], [0, 0], [0.32, 0], ...arc(0.32, 0.25, 0.27, 0.25, 90, -90), [0, 0.5]];
const UPPER: Record<string, Glyph> = {
  A: { width: 0.72, strokes: [[[0, 1], [0.36, 0], [0.72, 1]], [[0.14, 0.64], [0.58, 0.64]]] },
  C: { width: 0.66, strokes: [arc(0.4, 0.5, 0.4, 0.5, 45, 315)] },
  E: { width: 0.58, strokes: [[[0.58, 0], [0, 0], [0, 1], [0.58, 1]], [[0, 0.5], [0.46, 0.5]]] },
  F: { width: 0.56, strokes: [[[0.56, 0], [0, 0], [0, 1]], [[0, 0.48], [0.44, 0.48]]] },
  H: { width: 0.62, strokes: [[[0, 0], [0, 1]], [[0.62, 0], [0.62, 1]], [[0, 0.5], [0.62, 0.5]]] },
  J: { width: 0.62, strokes: [[[0.18, 0], [0.62, 0]], [[0.46, 0], [0.46, 0.72], ...arc(0.23, 0.72, 0.23, 0.28, 0, -180)]] },
  K: { width: 0.62, strokes: [[[0, 0], [0, 1]], [[0.6, 0], [0, 0.6]], [[0.2, 0.42], [0.62, 1]]] },
  M: { width: 0.8, strokes: [[[0, 1], [0, 0], [0.4, 0.66], [0.8, 0], [0.8, 1]]] },
  N: { width: 0.64, strokes: [[[0, 1], [0, 0], [0.64, 1], [0.64, 0]]] },
  P: { width: 0.6, strokes: [P_BOWL] },
  R: { width: 0.62, strokes: [P_BOWL, [[0.28, 0.5], [0.62, 1]]] },
  T: { width: 0.7, strokes: [[[0, 0], [0.7, 0]], [[0.35, 0], [0.35, 1]]] },
  W: { width: 0.92, strokes: [[[0, 0], [0.2, 1], [0.46, 0.3], [0.72, 1], [0.92, 0]]] },
  X: { width: 0.64, strokes: [[[0, 0], [0.64, 1]], [[0.64, 0], [0, 1]]] },
  Y: { width: 0.68, strokes: [[[0, 0], [0.34, 0.5], [0.68, 0]], [[0.34, 0.5], [0.34, 1]]] },
  '3': { width: 0.62, strokes: [[...arc(0.3, 0.25, 0.3, 0.25, 150, -90), ...arc(0.3, 0.73, 0.32, 0.27, 90, -150)]] },
  '4': { width: 0.7, strokes: [[[0.4, 0], [0, 0.66], [0.7, 0.66]], [[0.52, 0.3], [0.52, 1]]] }, // open top, so it cannot pass for an A
  '6': SIX,
  '7': { width: 0.62, strokes: [[[0, 0], [0.62, 0], [0.22, 1]]] },
  '9': rotated(SIX),
};
/** Lower-case forms drawn now and then for variety: only those that resemble no other symbol (not a ~ 9, r ~ t). */
const LOWER: Record<string, Glyph> = {
  E: { width: 0.58, strokes: [[[0.02, 0.73], [0.56, 0.73], ...arc(0.29, 0.73, 0.27, 0.27, 0, 310)]] },
  M: { width: 0.86, strokes: [[[0, 1], [0, 0.46]], [[0, 0.64], ...arc(0.22, 0.66, 0.21, 0.2, 170, 0), [0.43, 1]], [[0.43, 0.66], ...arc(0.64, 0.66, 0.21, 0.2, 180, 0), [0.85, 1]]] },
  N: { width: 0.56, strokes: [[[0, 1], [0, 0.46]], [[0, 0.64], ...arc(0.28, 0.68, 0.28, 0.22, 170, 0), [0.56, 1]]] },
  T: { width: 0.5, strokes: [[[0.16, 0.1], [0.16, 0.86], ...arc(0.36, 0.86, 0.2, 0.14, 180, 300)], [[0, 0.46], [0.46, 0.46]]] },
  Y: { width: 0.62, strokes: [[[0, 0.46], [0.31, 1]], [[0.62, 0.46], [0.31, 1], [0.12, 1.36]]] },
};

export function randomCaptchaAnswer(length: number = randomInt(MIN_LENGTH, MAX_LENGTH + 1)): string {
  if (!Number.isInteger(length) || length < MIN_LENGTH || length > MAX_LENGTH) {
    throw new RangeError(`a Security Check answer has ${MIN_LENGTH}–${MAX_LENGTH} characters`);
  }
  let answer = '';
  for (let index = 0; index < length; index++) answer += CAPTCHA_ALPHABET[randomInt(CAPTCHA_ALPHABET.length)];
  return answer;
}

const between = (low: number, high: number) => low + Math.random() * (high - low);

interface Placed {
  glyph: Glyph;
  size: number;
  /** Horizontal scale on top of size: some glyphs come out wide, some narrow. */
  stretch: number;
}

function drawGlyph(ctx: SKRSContext2D, { glyph, size, stretch }: Placed, left: number, baseline: number): void {
  const angle = between(-0.22, 0.22);
  const slant = between(-0.25, 0.15);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const [centreX, centreY] = [(glyph.width * size * stretch) / 2, size / 2];
  // A smooth per-glyph bend, so straight strokes bow a little and no two copies of a letter match.
  const [bendX, bendY, phaseX, phaseY] = [between(0.01, 0.04), between(0.01, 0.04), between(0, 6.3), between(0, 6.3)];
  ctx.strokeStyle = `rgba(0, 0, 0, ${between(0.8, 1)})`;
  ctx.lineWidth = between(3, 4.4);
  for (const stroke of glyph.strokes) {
    const [shiftX, shiftY] = [between(-0.025, 0.025), between(-0.025, 0.025)];
    ctx.beginPath();
    stroke.forEach(([unitX, unitY], index) => {
      const x = (unitX + shiftX + bendX * Math.sin(unitY * 5 + phaseX)) * size * stretch - centreX;
      const y = (unitY + shiftY + bendY * Math.sin(unitX * 6 + phaseY)) * size - centreY;
      const slanted = x - slant * y;
      const pointX = left + centreX + slanted * cos - y * sin;
      const pointY = baseline - size + centreY + slanted * sin + y * cos;
      if (index === 0) ctx.moveTo(pointX, pointY);
      else ctx.lineTo(pointX, pointY);
    });
    ctx.stroke();
  }
}

/** A line across the whole picture, a little thinner than the glyphs: a person can follow it, a program must untangle it. */
function drawCurve(ctx: SKRSContext2D, lineWidth: number): void {
  ctx.strokeStyle = `rgba(0, 0, 0, ${between(0.75, 1)})`;
  ctx.lineWidth = lineWidth;
  ctx.beginPath();
  ctx.moveTo(between(-10, 30), between(10, HEIGHT - 10));
  ctx.bezierCurveTo(between(40, 110), between(-30, HEIGHT + 30), between(130, 200), between(-30, HEIGHT + 30), between(210, WIDTH + 10), between(10, HEIGHT - 10));
  ctx.stroke();
}

/**
 * The ink's coverage (canvas alpha), moved along two sine waves — rows sideways, columns up and
 * down — with bilinear sampling.
 */
function warp(ink: Uint8ClampedArray): Uint8Array {
  const [ampX, periodY, phaseY] = [between(2, 3.5), between(60, 110), between(0, 6.3)];
  const [ampY, periodX, phaseX] = [between(3, 5), between(80, 140), between(0, 6.3)];
  const shiftY = Float64Array.from({ length: WIDTH }, (_, x) => ampY * Math.sin((2 * Math.PI * x) / periodX + phaseX));
  const coverage = new Uint8Array(WIDTH * HEIGHT);
  const alpha = (x: number, y: number) => ink[(y * WIDTH + x) * 4 + 3]!;
  for (let y = 0; y < HEIGHT; y++) {
    const dx = ampX * Math.sin((2 * Math.PI * y) / periodY + phaseY);
    for (let x = 0; x < WIDTH; x++) {
      const sourceX = Math.min(WIDTH - 1.001, Math.max(0, x + dx));
      const sourceY = Math.min(HEIGHT - 1.001, Math.max(0, y + shiftY[x]!));
      const [x0, y0] = [Math.floor(sourceX), Math.floor(sourceY)];
      const [fx, fy] = [sourceX - x0, sourceY - y0];
      const top = alpha(x0, y0) * (1 - fx) + alpha(x0 + 1, y0) * fx;
      const bottom = alpha(x0, y0 + 1) * (1 - fx) + alpha(x0 + 1, y0 + 1) * fx;
      coverage[y * WIDTH + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return coverage;
}

/** Single pixels and 2×2 specks, some as dark as the ink and some faint. */
function speckle(coverage: Uint8Array): void {
  for (let speck = 0; speck < 150; speck++) {
    const size = Math.random() < 0.6 ? 1 : 2;
    const [x0, y0] = [Math.floor(between(0, WIDTH - 1)), Math.floor(between(0, HEIGHT - 1))];
    const level = Math.random() < 0.5 ? between(150, 255) : between(40, 110);
    for (let y = y0; y < y0 + size; y++) {
      for (let x = x0; x < x0 + size; x++) coverage[y * WIDTH + x] = Math.max(coverage[y * WIDTH + x]!, level);
    }
  }
}

/**
 * Every pixel is a shade between one light background and one dark ink, so the PNG is indexed with a
 * small palette: a few KB, and only the IHDR, PLTE, IDAT and IEND chunks — nothing else to read.
 */
function encodePng(coverage: Uint8Array): Buffer {
  const paper = [between(225, 252), between(225, 252), between(225, 252)];
  const ink = [between(10, 70), between(10, 70), between(10, 70)];
  const palette = Buffer.alloc(SHADES * 3);
  for (let shade = 0; shade < SHADES; shade++) {
    for (let channel = 0; channel < 3; channel++) {
      palette[shade * 3 + channel] = paper[channel]! + ((ink[channel]! - paper[channel]!) * shade) / (SHADES - 1);
    }
  }
  const rows = Buffer.alloc(HEIGHT * (WIDTH + 1)); // each row starts with filter type 0 (none)
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) rows[y * (WIDTH + 1) + 1 + x] = Math.round((coverage[y * WIDTH + x]! * (SHADES - 1)) / 255);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header.set([8, 3, 0, 0, 0], 8); // 8-bit palette indices, deflate, no filter method variants, not interlaced
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', palette),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let scratchContext: SKRSContext2D | undefined;
/** One canvas for every picture: drawing is synchronous, so two pictures never share it at once. */
function scratch(): SKRSContext2D {
  scratchContext ??= createCanvas(WIDTH, HEIGHT).getContext('2d');
  scratchContext.clearRect(0, 0, WIDTH, HEIGHT);
  scratchContext.lineCap = 'round';
  scratchContext.lineJoin = 'round';
  return scratchContext;
}

export function drawCaptcha(answer: string): Buffer {
  const characters = [...answer.toUpperCase()];
  if (characters.length < 1 || characters.length > MAX_LENGTH || characters.some((character) => !UPPER[character])) {
    throw new RangeError(`the answer must be 1–${MAX_LENGTH} characters from CAPTCHA_ALPHABET`);
  }
  const ctx = scratch();

  const placed: Placed[] = characters.map((character) => {
    const lower = LOWER[character];
    const glyph = lower && Math.random() < 0.3 ? lower : (UPPER[character] as Glyph);
    return { glyph, size: between(38, 48) * (glyph === lower ? 1.3 : 1), stretch: between(0.95, 1.25) };
  });
  const gaps = placed.map(() => between(4, 10));
  const natural = placed.reduce((sum, { glyph, size, stretch }, index) => sum + glyph.width * size * stretch + (gaps[index] ?? 0), 0);
  const fit = Math.min(1, (WIDTH - 24) / natural);
  let left = (WIDTH - natural * fit) / 2 + between(-4, 4);
  placed.forEach((place, index) => {
    const scaled = { ...place, size: place.size * fit };
    // Lower case sits a little higher, so its x-height lines up near the middle rather than the bottom.
    const raise = place.glyph === LOWER[characters[index] ?? ''] ? scaled.size * 0.2 : 0;
    drawGlyph(ctx, scaled, left, HEIGHT / 2 + scaled.size / 2 + between(-5, 5) - raise);
    left += place.glyph.width * scaled.size * place.stretch + (gaps[index] ?? 0) * fit;
  });
  drawCurve(ctx, between(1.6, 2.2));
  drawCurve(ctx, between(1.2, 1.7));

  const coverage = warp(ctx.getImageData(0, 0, WIDTH, HEIGHT).data);
  speckle(coverage);
  return encodePng(coverage);
}
