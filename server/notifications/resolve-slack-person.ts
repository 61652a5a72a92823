import { findPersonByEmail, findPersonBySlackUserId, setPersonSlackUserId, type TSlackPerson } from "./notifications-slack-people.repository.ts";

/** Asks Slack for a user's email (users.info; integrations/slack supplies it). */
export type TSlackEmailLookup = (slackUserId: string) => Promise<string | null>;

/**
 * The person behind a Slack user: by the stored Slack id, else by the email Slack has for
 * the user (then the id is stored). null when the organization's catalog has nobody with
 * that email: such a click decides nothing.
 */
export async function resolveSlackPerson(organizationId: string, slackUserId: string, lookupEmail: TSlackEmailLookup): Promise<TSlackPerson | null> {
  const known = await findPersonBySlackUserId(organizationId, slackUserId);
  if (known) return known;
  const email = await lookupEmail(slackUserId);
  if (!email) return null;
  const person = await findPersonByEmail(organizationId, email);
  if (person) await setPersonSlackUserId(organizationId, person.id, slackUserId);
  return person;
}
