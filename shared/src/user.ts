import { z } from 'zod';

import { zId, zName, zTimestamp, zVersion } from './common';
import { zUserRole } from './enums';
import { zEmailInput } from './fields';

/** Passwords: at least 10 characters, at most 200 (scrypt hashes any length; the cap bounds the work). */
export const zPassword = z.string().min(10, 'Use at least 10 characters').max(200);

export const zUser = z.object({
  id: zId,
  email: z.string(),
  name: z.string(),
  role: zUserRole,
  active: z.boolean(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
  version: zVersion,
});
export type User = z.infer<typeof zUser>;

/** A colleague as embedded in other records (owner, reps, relationship owner). */
export const zUserRef = zUser.pick({ id: true, name: true, email: true, role: true });
export type UserRef = z.infer<typeof zUserRef>;

export const zCreateUserRequest = z.strictObject({
  email: zEmailInput,
  name: zName,
  role: zUserRole,
  password: zPassword.optional(),
});
export type CreateUserRequest = z.infer<typeof zCreateUserRequest>;

export const zUpdateUserRequest = z.strictObject({
  version: zVersion,
  name: zName.optional(),
  email: zEmailInput.optional(),
  role: zUserRole.optional(),
  active: z.boolean().optional(),
  password: zPassword.optional(),
});
export type UpdateUserRequest = z.infer<typeof zUpdateUserRequest>;

export const zUserListQuery = z.object({
  role: zUserRole.optional(),
  active: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional(),
});
