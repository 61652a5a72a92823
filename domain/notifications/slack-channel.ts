/**
 * A Slack channel as Plumbline lets people name one (SLACK_LEARNINGS_CHANNEL, an
 * organization's learnings channel): `#name` with Slack's characters for names
 * (lowercase letters, digits, `.`, `-`, `_`, up to 80), or a channel id (public `C…`,
 * private `G…`), which survives a rename.
 */
export const SLACK_CHANNEL = /^(#[a-z0-9._-]{1,80}|[CG][A-Z0-9]{6,})$/;

/** What a person typed, as a channel: `name` becomes `#name`; empty is no channel. */
export function normalizeSlackChannel(typed: string): string | null {
  const trimmed = typed.trim();
  if (trimmed === "") return null;
  return /^[CG][A-Z0-9]{6,}$/.test(trimmed) || trimmed.startsWith("#") ? trimmed : `#${trimmed}`;
}
