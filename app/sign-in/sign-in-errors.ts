const GENERIC = "Single sign-on did not complete. Try again, or ask an admin to check the organization's OIDC settings.";

// Our own words for the codes better-auth (and our SSO gate) put in `?error=`. Never the
// request's `error_description`: anyone can write a link with one, and an IdP's own text
// would be a remote body shown as ours.
const MESSAGES: Record<string, string> = {
  sso_account_not_vouched:
    "This email already has a Plumbline account that this organization's identity provider does not vouch for, so single sign-on did not sign you in. " +
    "Sign in the way you did before (email and password, or your own organization's single sign-on). To use this organization's single sign-on, ask its admin to invite you first.",
  account_not_linked:
    "This email already has a Plumbline account, and single sign-on cannot sign in to it. Sign in with your email and password instead.",
  email_not_found: "The identity provider did not share an email address. Ask an admin to allow the email scope for Plumbline.",
  state_mismatch: "The sign-in took too long or was started in another browser. Start single sign-on again.",
  state_not_found: "The sign-in took too long or was started in another browser. Start single sign-on again.",
};

/** The message for a failed sign-in's `?error=` code; null when there is none. */
export function signInErrorMessage(error: string | string[] | undefined): string | null {
  const codes = typeof error === "string" ? [error] : (error ?? []);
  if (codes.length === 0) return null;
  for (const code of codes) {
    const message = MESSAGES[code];
    if (message) return message;
  }
  return GENERIC;
}
