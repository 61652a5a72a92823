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
  // The adapter, not internalAdapter.createUser: that one runs user.validateUserInfo (the SSO
  // linking gate), which requires a better-auth endpoint context a start script has not.
  // Nothing to gate here: this user comes from the deployment, not from an IdP.
  const now = new Date();
  const user = await context.adapter.create<{ name: string; email: string; emailVerified: boolean; createdAt: Date; updatedAt: Date }, { id: string }>({
    model: "user",
    data: { name: input.name, email: input.email.toLowerCase(), emailVerified: false, createdAt: now, updatedAt: now },
  });
  await context.internalAdapter.linkAccount({ userId: user.id, providerId: "credential", accountId: user.id, password: hash });
  return { userId: user.id };
}
