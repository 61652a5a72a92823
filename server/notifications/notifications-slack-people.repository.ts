import { getPrisma } from "@/server/db/client.ts";

// People as Slack knows them (Person.slackUserId), org-scoped.

export interface TSlackPerson {
  id: string;
  name: string;
  email: string;
}

const PERSON_SELECT = { id: true, name: true, email: true } as const;

export async function findPersonBySlackUserId(organizationId: string, slackUserId: string): Promise<TSlackPerson | null> {
  return getPrisma().person.findFirst({ where: { organizationId, slackUserId }, select: PERSON_SELECT });
}

export async function findPersonByEmail(organizationId: string, email: string): Promise<TSlackPerson | null> {
  return getPrisma().person.findFirst({ where: { organizationId, email: { equals: email, mode: "insensitive" } }, select: PERSON_SELECT });
}

/** Remembers the Slack id found for a person, so the next click needs no lookup. */
export async function setPersonSlackUserId(organizationId: string, personId: string, slackUserId: string): Promise<void> {
  await getPrisma().person.updateMany({ where: { organizationId, id: personId }, data: { slackUserId } });
}
