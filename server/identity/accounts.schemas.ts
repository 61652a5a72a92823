import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "./auth.ts";

export const ZEmail = z.string().trim().toLowerCase().email({ error: "Enter an email address like jane@example.com." }).max(320);

export const ZPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { error: `Use at least ${MIN_PASSWORD_LENGTH} characters.` })
  .max(200, { error: "Use at most 200 characters." });

export const ZSignUpInput = z.object({
  name: z.string().trim().min(1, { error: "Enter your name." }).max(100),
  email: ZEmail,
  password: ZPassword,
});

export const ZSignInInput = z.object({ email: ZEmail, password: z.string().min(1, { error: "Enter your password." }).max(200) });

export const ZOrganizationInput = z.object({
  name: z.string().trim().min(2, { error: "Name the organization (at least 2 characters)." }).max(100),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, { error: "Use 3–40 lowercase letters, digits and dashes, e.g. acme-shop." }),
});

export const ZOrganizationRole = z.enum(["admin", "member"], { error: "Role must be admin or member." });

export const ZInvitationInput = z.object({ email: ZEmail, role: ZOrganizationRole });
