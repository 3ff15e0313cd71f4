/** `GET /health`: liveness, and how a client recognises a Tessera hub at an address. */
import { z } from 'zod';

export const HUB_SERVICE_NAME = 'tessera-hub' as const;

export const HealthResponse = z.object({
  status: z.literal('ok'),
  service: z.literal(HUB_SERVICE_NAME),
  version: z.string(),
  apiVersion: z.literal(1),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
