import fs from "node:fs";
import path from "node:path";
import { GATE_TEST_CATALOG } from "./gate-test-catalog.ts";

/** Slack user ids in the Slack tests: Priya's is in the catalog; Hana's and Kwame's are only known to (fake) Slack. */
export const SLACK_TEST_USERS = {
  priya: { id: "U0PRIYA", email: "priya.raman@gate.test", name: "priya.raman" },
  hana: { id: "U0HANA", email: "hana.sato@gate.test", name: "hana.sato" },
  kwame: { id: "U0KWAME", email: "kwame.mensah@gate.test", name: "kwame.mensah" },
  stranger: { id: "U0STRANGER", email: "someone@elsewhere.test", name: "someone" },
} as const;

export const CHECKOUT_CHANNEL_ID = "C0CHECKOUT";

/**
 * The deploy-gate test catalog with Slack: every team has a channel, and Priya (checkout's
 * owner) carries her Slack id. Hana is a checkout member but not an owner.
 */
export const SLACK_TEST_CATALOG = GATE_TEST_CATALOG.replace(
  /metadata:\n  name: (payments|checkout|storefront)\n  annotations:\n/g,
  // checkout's channel by id (as Slack's "copy link" gives it), the others by name: both work.
  (_match, team: string) => `metadata:\n  name: ${team}\n  annotations:\n    plumbline.dev/slack-channel: "${team === "checkout" ? CHECKOUT_CHANNEL_ID : `#${team}`}"\n`,
).replace("metadata: { name: priya.raman }", `metadata: { name: priya.raman, annotations: { slack.com/user-id: ${SLACK_TEST_USERS.priya.id} } }`);

export function writeSlackTestCatalog(dir: string): string {
  const catalogDir = path.join(dir, "catalog");
  fs.mkdirSync(catalogDir, { recursive: true });
  fs.writeFileSync(path.join(catalogDir, "catalog-info.yaml"), SLACK_TEST_CATALOG);
  return catalogDir;
}
