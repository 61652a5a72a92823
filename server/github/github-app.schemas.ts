import { z } from "zod";
import { ZGithubMapping } from "@/domain/github/github-mapping.ts";

/**
 * What an admin saves for the organization's GitHub App on /settings/integrations. The
 * private key and the webhook secret are sealed before they are stored and never shown
 * again; leaving them empty on a later save keeps the stored ones.
 */
export const ZGithubAppInput = z.strictObject({
  appId: z
    .string({ error: "Enter the App's id (a number, on the App's settings page)." })
    .trim()
    .regex(/^\d{1,20}$/, { error: "App id: the number on the App's settings page, e.g. 123456." }),
  apiUrl: z
    .url({ protocol: /^https$/, error: "API URL: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server." })
    .default("https://api.github.com")
    .refine((value) => !/[?#]/.test(value), { error: "API URL: no query or fragment." }),
  privateKey: z
    .string()
    .trim()
    .max(20_000, { error: "Private key: paste the .pem file GitHub generated (it is a few kB)." })
    .refine((value) => value === "" || /^-----BEGIN (RSA )?PRIVATE KEY-----/.test(value), { error: "Private key: paste the whole .pem file, from -----BEGIN." })
    .optional(),
  webhookSecret: z.string().max(500, { error: "Webhook secret: at most 500 characters." }).optional(),
  mappings: z.array(ZGithubMapping).max(500, { error: "At most 500 mappings." }).default([]),
});
export type TGithubAppInput = z.output<typeof ZGithubAppInput>;

/** What the settings page shows: never a secret, only that it is stored. */
export interface TGithubAppSummary {
  appId: string;
  apiUrl: string;
  mappings: z.output<typeof ZGithubMapping>[];
  webhookPath: string;
  updatedAt: string;
}

export const GITHUB_WEBHOOK_PATH = "/api/github/webhooks";
