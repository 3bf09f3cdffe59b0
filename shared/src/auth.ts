import { z } from 'zod';

import { zId, zName, zTimestamp } from './common';
import { zEmailInput } from './fields';
import { zPassword, zUser } from './user';

export const zLoginRequest = z.strictObject({
  email: zEmailInput,
  password: z.string().min(1, 'Required').max(200),
});
export type LoginRequest = z.infer<typeof zLoginRequest>;

export const zLoginResponse = z.object({ token: z.string(), expiresAt: zTimestamp.nullable(), user: zUser });
export type LoginResponse = z.infer<typeof zLoginResponse>;

export const TOKEN_KINDS = ['session', 'personal'] as const;

/** An API token as listed to its owner; the secret itself is shown only once, at creation. */
export const zApiToken = z.object({
  id: zId,
  name: z.string(),
  kind: z.enum(TOKEN_KINDS),
  createdAt: zTimestamp,
  expiresAt: zTimestamp.nullable(),
  lastUsedAt: zTimestamp.nullable(),
});
export type ApiToken = z.infer<typeof zApiToken>;

export const zCreateTokenRequest = z.strictObject({
  name: zName,
  /** Days until the token expires; omit for a token that lasts until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateTokenRequest = z.infer<typeof zCreateTokenRequest>;

export const zCreateTokenResponse = z.object({ token: z.string(), apiToken: zApiToken });

export const zSetupStatus = z.object({ required: z.boolean() });

export const zSetupRequest = z.strictObject({
  token: z.string().min(1, 'Required').max(200),
  name: zName,
  email: zEmailInput,
  password: zPassword,
});
export type SetupRequest = z.infer<typeof zSetupRequest>;
