/** An activated account made over HTTP, as a person would after clicking the link in the mail. */
import type { HubWithMail } from '../support/environment.ts';
import { activateOverHttp, createAccountOverHttp } from '../support/hub-api.ts';
import { SLOW_MS } from './popup-steps.ts';

export async function activatedAccount(env: HubWithMail, account: { email: string; password: string; region?: string }): Promise<void> {
  await createAccountOverHttp(env.hub.url, { email: account.email, password: account.password, region: account.region ?? 'us' });
  const mail = await env.mail.waitForMail({ to: account.email, timeoutMs: SLOW_MS });
  const link = mail.links.find((candidate) => candidate.startsWith(`${env.hub.url}/activate?token=`));
  if (!link) throw new Error(`no activation link in:\n${mail.text}`);
  await activateOverHttp(env.hub.url, link);
}
