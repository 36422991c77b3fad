import { z } from 'zod';
import { ROLES } from '../../store/sql/api-keys-repo.js';

/** Bodies of the people routes (issue 14). */
export const loginSchema = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only');
export const passwordSchema = z.string().min(1).max(256);
export const scopeSchema = z
  .strictObject({
    organisation: z.string().trim().min(1).max(200).optional(),
    site: z.string().trim().min(1).max(200).optional(),
  })
  .describe('what the account sees: a manufacturer organisation and/or a destination site; {} is global');

export const newUserSchema = z.strictObject({
  login: loginSchema,
  printedName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe("the name printed under this person's signatures (11.50)"),
  email: z.string().email(),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  scope: scopeSchema.default({}),
  initialPassword: passwordSchema
    .optional()
    .describe('omit to get an invitation token instead; with it the person must change it at first sign-in'),
});

export const userSchema = z.object({
  id: z.string(),
  login: z.string(),
  printedName: z.string(),
  email: z.string(),
  locale: z.enum(['zh-CN', 'en']),
  roles: z.array(z.enum(ROLES)),
  scope: z.object({ organisation: z.string().optional(), site: z.string().optional() }),
  passwordSet: z.boolean(),
  mustChangePassword: z.boolean(),
  disabledAt: z.string().optional(),
  createdAt: z.string(),
});

export const meSchema = z.object({
  kind: z.enum(['user', 'key']),
  id: z.string(),
  name: z.string(),
  login: z.string().optional(),
  role: z.enum(ROLES),
  roles: z.array(z.enum(ROLES)),
  scope: z.object({ organisation: z.string().optional(), site: z.string().optional() }),
  locale: z.enum(['zh-CN', 'en']).optional(),
  csrfToken: z.string().optional().describe('send as x-csrf-token on every change made with this session'),
  mustChangePassword: z.boolean().optional(),
});
