import type { CatalogPerson, UserEntity } from "./catalog-types.ts";
import { compareText } from "./compare-text.ts";

/** Every User becomes a person; email is the identity, the Backstage name becomes the handle. */
export function buildPeople(users: readonly UserEntity[]): CatalogPerson[] {
  return users
    .map((user) => ({
      email: user.email,
      name: user.displayName ?? user.title ?? user.name,
      handle: user.name,
      slackUserId: user.slackUserId,
    }))
    .sort((a, b) => compareText(a.email, b.email));
}
