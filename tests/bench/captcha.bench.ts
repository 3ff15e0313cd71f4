/**
 * Security Check picture: time to draw one challenge (random 5–7 character answer, in process, one at
 * a time after a warm-up) and the size of the PNG the hub sends.
 */
import { drawCaptcha, randomCaptchaAnswer } from '../../server/security-check/captcha-image.ts';
import { ms, printTable, summarize } from './stats.ts';

const WARM_UP = 50;
const DRAWS = 300;

export function runCaptchaBench(): void {
  for (let draw = 0; draw < WARM_UP; draw++) drawCaptcha(randomCaptchaAnswer());
  const samples: number[] = [];
  const sizes: number[] = [];
  for (let draw = 0; draw < DRAWS; draw++) {
    const answer = randomCaptchaAnswer();
    const started = performance.now();
    const png = drawCaptcha(answer);
    samples.push(performance.now() - started);
    sizes.push(png.length);
  }
  const time = summarize(samples);
  const bytes = (value: number) => `${Math.round(value)} B`;
  printTable(
    `Security Check picture (drawCaptcha, ${DRAWS} draws after ${WARM_UP} warm-up)`,
    ['p50', 'p99', 'mean', 'PNG min', 'PNG mean', 'PNG max'],
    [[ms(time.p50), ms(time.p99), ms(time.mean), bytes(Math.min(...sizes)), bytes(sizes.reduce((sum, size) => sum + size, 0) / sizes.length), bytes(Math.max(...sizes))]],
  );
}
