/** Helpers for the vault sync API tests (tests/hub/vault-sync*.test.ts). */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { ChangesPage, type PushChange, PushResponse } from '../../lib/protocol/vault-sync.ts';
import { bearer } from './hub-client.ts';

/** A fresh item id as a device makes one (16 random bytes, base64url: 22 characters). */
export const newItemId = (): string => randomBytes(16).toString('base64url');

/** Random bytes as base64: what an encrypted item blob looks like to the hub. */
export const randomBlob = (bytes = 96): string => randomBytes(bytes).toString('base64');

export const pushBody = (changes: PushChange[], batchId: string = randomUUID()) => ({ batchId, changes });

export const syncApi = {
  pull: (app: FastifyInstance, accessToken: string | undefined, query = '') =>
    app.inject({ method: 'GET', url: `/v1/vault/changes${query}`, headers: accessToken ? bearer(accessToken) : {} }),
  push: (app: FastifyInstance, body: unknown, accessToken?: string) =>
    app.inject({ method: 'POST', url: '/v1/vault/changes', headers: accessToken ? bearer(accessToken) : {}, payload: body as object }),
};

/** A 200 page, checked against the shared schema. */
export function pageOf(response: LightMyRequestResponse): ChangesPage {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return ChangesPage.parse(response.json());
}

/** A 200 push answer, checked against the shared schema. */
export function pushedOf(response: LightMyRequestResponse): PushResponse {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return PushResponse.parse(response.json());
}

export async function pull(app: FastifyInstance, accessToken: string, query = ''): Promise<ChangesPage> {
  return pageOf(await syncApi.pull(app, accessToken, query));
}

export async function push(app: FastifyInstance, accessToken: string, changes: PushChange[], batchId?: string): Promise<PushResponse> {
  return pushedOf(await syncApi.push(app, pushBody(changes, batchId), accessToken));
}
