import { getAuth } from "./auth.ts";

/**
 * Creates an email + password user the way better-auth's sign-up does (its scrypt hash,
 * a "credential" account), without an HTTP request: for `npm start`'s local admin and for
 * tests. Going through `auth.api.signUpEmail` outside a Next request would run the
 * nextCookies hook, which needs Next's request storage.
 */
export async function createPasswordUser(input: { name: string; email: string; password: string }): Promise<{ userId: string }> {
  const context = await (await getAuth()).$context;
  const hash = await context.password.hash(input.password);
  const user = await context.internalAdapter.createUser({ name: input.name, email: input.email.toLowerCase(), emailVerified: false }, { method: "email-password" });
  await context.internalAdapter.linkAccount({ userId: user.id, providerId: "credential", accountId: user.id, password: hash });
  return { userId: user.id };
}
