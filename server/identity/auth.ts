import { randomUUID } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { genericOAuth, type GenericOAuthConfig } from "better-auth/plugins/generic-oauth";
import { getConfig } from "@/server/config/get-config.ts";
import type { TConfig } from "@/server/config/parse-config.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { getPrisma, type TPrismaClient } from "@/server/db/client.ts";
import { logger } from "@/server/logger.ts";
import { readAuthSecret } from "./auth-secret.ts";
import { loadSsoProviders } from "./sso-providers.ts";
import { vouchForLinkedIdentity } from "./sso-account-linking.ts";
import { oidcSettingsVersion } from "./identity-sso.repository.ts";

export const MIN_PASSWORD_LENGTH = 10;
/** better-auth's warning when no base URL is configured: expected without PLUMBLINE_PUBLIC_URL (see buildAuth). */
const AUTH_BASE_URL_NOTICE = "Base URL is not set";

function buildAuth(prisma: TPrismaClient, secret: string, ssoProviders: GenericOAuthConfig[]) {
  const config = getConfig();
  const { publicUrl } = config.server;
  return betterAuth({
    appName: "Plumbline",
    secret,
    // PLUMBLINE_PUBLIC_URL when set. Unset, better-auth derives the base URL from each request,
    // deliberately: `npm start` is reached as localhost, 127.0.0.1 or a LAN address on any
    // PORT, and SSO callbacks must return to the address the browser used (a fixed
    // http://localhost:PORT broke them for every other host). Its start-up warning about
    // that is therefore logged at debug (AUTH_BASE_URL_NOTICE below).
    ...(publicUrl ? { baseURL: publicUrl } : {}),
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: 200, autoSignIn: true },
    session: {
      expiresIn: 60 * 60 * 24 * 14,
      additionalFields: { activeOrganizationId: { type: "string", required: false, input: false } },
    },
    // Organizations' IdPs are tenant-configured, hence untrusted: none may skip the IdP's
    // email_verified, no link across different emails, and an identity joins an existing
    // user only if its IdP's organization vouches for that user (sso-account-linking.ts).
    account: { accountLinking: { enabled: true, trustedProviders: [], allowDifferentEmails: false, updateUserInfoOnLink: false } },
    user: { validateUserInfo: vouchForLinkedIdentity },
    // The page's own address (as the browser used it: 127.0.0.1 or localhost), and the public URL.
    trustedOrigins: (request) => trustedOriginsFor(request, config),
    advanced: {
      database: { generateId: () => randomUUID() },
      // Checked everywhere, tests included (better-auth skips it under NODE_ENV=test by default),
      // so the suite proves the origin rules production runs with.
      disableOriginCheck: false,
      // Secure cookies only over https: a plain-http deployment (a laptop, an internal
      // host) would otherwise never get its session cookie back.
      useSecureCookies: publicUrl?.startsWith("https://") ?? false,
    },
    telemetry: { enabled: false },
    // Messages only: better-auth's extra arguments may carry request bodies (passwords).
    logger: {
      log: (level, message) => {
        logger[message.includes(AUTH_BASE_URL_NOTICE) ? "debug" : level]({ area: "auth" }, message);
      },
    },
    // Each organization's OIDC single sign-on (Settings → Integrations); nextCookies must stay last.
    plugins: [genericOAuth({ config: ssoProviders }), nextCookies()],
  });
}

/** Origins better-auth accepts for its own endpoints: where this request was sent, and the configured public URL. */
function trustedOriginsFor(request: Request | undefined, config: TConfig): string[] {
  const origins = [`http://localhost:${config.server.port}`, `http://127.0.0.1:${config.server.port}`];
  if (config.server.publicUrl) origins.push(new URL(config.server.publicUrl).origin);
  if (request) origins.push(new URL(publicBaseUrl(request, config)).origin);
  return origins;
}

export type TAuth = ReturnType<typeof buildAuth>;

interface TAuthInstance {
  auth: Promise<TAuth>;
  ssoVersion: string;
  checkedAt: number;
  builtAt: number;
  /** Some IdP did not answer discovery when this instance was built: build again after a while. */
  sso: { isMissingProviders: boolean };
}

// One instance per database handle (tests switch databases within one process), and per
// module copy on purpose: Next's bundle and the start script each build their own, so
// each one's nextCookies() talks to its own copy of next/headers. State is in the database.
const instances = new WeakMap<TPrismaClient, TAuthInstance>();
// OIDC providers are registered when the instance is built; an admin's change on any
// process is picked up within this long.
const SSO_RECHECK_MS = 5_000;
// An IdP that was down when providers loaded is asked again this long after.
const SSO_UNREACHABLE_RETRY_MS = 60_000;

function build(prisma: TPrismaClient, ssoVersion: string): TAuthInstance {
  const sso = { isMissingProviders: false };
  const auth = Promise.all([readAuthSecret(), loadSsoProviders()]).then(([secret, loaded]) => {
    sso.isMissingProviders = loaded.unreachable > 0;
    return buildAuth(prisma, secret, loaded.providers);
  });
  const instance: TAuthInstance = { auth, ssoVersion, checkedAt: Date.now(), builtAt: Date.now(), sso };
  auth.catch(() => instances.delete(prisma));
  instances.set(prisma, instance);
  return instance;
}

/** The better-auth instance over this process's database, rebuilt when organizations' OIDC settings change. */
export async function getAuth(): Promise<TAuth> {
  const prisma = getPrisma();
  let instance = instances.get(prisma);
  if (!instance) {
    instance = build(prisma, await oidcSettingsVersion());
  } else if (Date.now() - instance.checkedAt > SSO_RECHECK_MS) {
    instance.checkedAt = Date.now();
    const version = await oidcSettingsVersion();
    const isRetryDue = instance.sso.isMissingProviders && Date.now() - instance.builtAt > SSO_UNREACHABLE_RETRY_MS;
    if (version !== instance.ssoVersion || isRetryDue) instance = build(prisma, version);
  }
  return instance.auth;
}

/** Forget the instance so the next call reloads OIDC providers at once (after an admin saved them). */
export function reloadAuth(): void {
  instances.delete(getPrisma());
}
