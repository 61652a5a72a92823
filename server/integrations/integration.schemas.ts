import { z } from "zod";

const ZName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: "Name: lowercase letters, digits and dashes, e.g. prod-eu." });
const ZHttpUrl = z.url({ protocol: /^https?$/, error: "Enter an http(s) URL." });

/** What an admin saves on /settings/integrations; `secret` is sealed before it is stored and never shown again. */
export const ZIntegrationInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("kubernetes"),
    name: ZName,
    config: z.object({ context: z.string().trim().max(200).optional() }),
    /** A kubeconfig (YAML) with credentials for the cluster. */
    secret: z.string().min(1, { error: "Paste the cluster's kubeconfig." }).max(100_000),
  }),
  z.object({
    kind: z.literal("prometheus"),
    name: ZName,
    config: z.object({ url: ZHttpUrl, dialect: z.enum(["linkerd", "istio", "otel"], { error: "Dialect: linkerd, istio or otel." }) }),
    /** Optional bearer token for Prometheus. */
    secret: z.string().max(10_000).optional(),
  }),
  z.object({
    kind: z.literal("oidc"),
    name: ZName,
    config: z.object({ issuer: ZHttpUrl, clientId: z.string().trim().min(1, { error: "Enter the client id." }).max(500) }),
    secret: z.string().min(1, { error: "Enter the client secret." }).max(10_000),
  }),
]);
export type TIntegrationInput = z.output<typeof ZIntegrationInput>;

/** What pages see: never the secret, only whether one is stored. */
export interface TIntegrationSummary {
  id: string;
  kind: "kubernetes" | "prometheus" | "oidc";
  name: string;
  config: Record<string, unknown>;
  hasSecret: boolean;
  updatedAt: string;
}
