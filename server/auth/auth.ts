import { randomUUID } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { getPrisma, type TPrismaClient } from "../db/client.ts";
import { logger } from "../logger.ts";
import { readAuthSecret } from "./auth-secret.ts";

export const MIN_PASSWORD_LENGTH = 10;

function buildAuth(prisma: TPrismaClient, secret: string) {
  return betterAuth({
    appName: "Plumbline",
    secret,
    // Unset: better-auth derives the base URL (and the trusted origin) from each request,
    // so `npm start` works on any host and port. Behind a proxy, set PLUMBLINE_PUBLIC_URL.
    ...(process.env.PLUMBLINE_PUBLIC_URL ? { baseURL: process.env.PLUMBLINE_PUBLIC_URL } : {}),
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: 200, autoSignIn: true },
    session: {
      expiresIn: 60 * 60 * 24 * 14,
      additionalFields: { activeOrganizationId: { type: "string", required: false, input: false } },
    },
    advanced: { database: { generateId: () => randomUUID() } },
    telemetry: { enabled: false },
    // Messages only: better-auth's extra arguments may carry request bodies (passwords).
    logger: {
      log: (level, message) => {
        logger[level]({ area: "auth" }, message);
      },
    },
    plugins: [nextCookies()],
  });
}

export type TAuth = ReturnType<typeof buildAuth>;

// One instance per database handle (tests switch databases within one process), and per
// module copy on purpose: Next's bundle and the start script each build their own, so
// each one's nextCookies() talks to its own copy of next/headers. State is in the database.
const instances = new WeakMap<TPrismaClient, Promise<TAuth>>();

/** The better-auth instance over this process's database. */
export function getAuth(): Promise<TAuth> {
  const prisma = getPrisma();
  let auth = instances.get(prisma);
  if (!auth) {
    auth = readAuthSecret().then((secret) => buildAuth(prisma, secret));
    instances.set(prisma, auth);
    auth.catch(() => instances.delete(prisma));
  }
  return auth;
}
