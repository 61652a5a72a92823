import { getAuth } from "./auth.ts";

export interface TSignedInSession {
  sessionId: string;
  userId: string;
  name: string;
  email: string;
  activeOrganizationId: string | null;
}

/** The browser session named by the request's cookie (checked against the database), or null. */
export async function getSignedInSession(headers: Headers): Promise<TSignedInSession | null> {
  const auth = await getAuth();
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  return {
    sessionId: found.session.id,
    userId: found.user.id,
    name: found.user.name,
    email: found.user.email,
    activeOrganizationId: found.session.activeOrganizationId ?? null,
  };
}
