import { parse as parseYaml } from "yaml";
import { z } from "zod";

/**
 * A kubeconfig pasted by an organization's admin, read as an ALLOWLIST: tenants are
 * untrusted, and a kubeconfig can make a client read server files (`token-file`,
 * `client-certificate`, `certificate-authority`…), run commands (`exec`,
 * `auth-provider`), go through a proxy (`proxy-url`) or act as someone else (`as`).
 * Only the fields below are accepted; any other field anywhere is refused by its path,
 * with what to paste instead. The Kubernetes client is then built from this parsed
 * object only, never from the text.
 *
 * Accepted: clusters `server` (http/https), `certificate-authority-data`,
 * `insecure-skip-tls-verify` (the tenant's own risk: it weakens only the connection to
 * their own cluster with their own credentials), `tls-server-name`; users `token`,
 * `client-certificate-data`, `client-key-data`, `username`/`password` (all inline);
 * contexts `cluster`, `user`, `namespace`; top level `apiVersion`, `kind`,
 * `current-context`, `preferences` (empty).
 */

export interface TTenantCluster {
  name: string;
  server: string;
  caData?: string;
  skipTLSVerify: boolean;
  tlsServerName?: string;
}

export interface TTenantUser {
  name: string;
  token?: string;
  certData?: string;
  keyData?: string;
  username?: string;
  password?: string;
}

export interface TTenantContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

export interface TTenantKubeconfig {
  clusters: TTenantCluster[];
  users: TTenantUser[];
  contexts: TTenantContext[];
  currentContext?: string;
}

export type TParsedTenantKubeconfig = { ok: true; kubeconfig: TTenantKubeconfig } | { ok: false; problems: string[] };

const SERVER_PROBLEM = "must be an http(s) URL such as https://api.example:6443";
const ZName = z.string().min(1).max(253);
const ZInline = z.string().max(64_000);

const ZCluster = z.strictObject({
  server: z.string().refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === "https:" || url.protocol === "http:") && url.username === "" && url.password === "";
    } catch {
      return false;
    }
  }, SERVER_PROBLEM),
  "certificate-authority-data": ZInline.optional(),
  "insecure-skip-tls-verify": z.boolean().optional(),
  "tls-server-name": z.string().max(253).optional(),
});

const ZUser = z.strictObject({
  token: ZInline.optional(),
  "client-certificate-data": ZInline.optional(),
  "client-key-data": ZInline.optional(),
  username: z.string().max(1000).optional(),
  password: z.string().max(1000).optional(),
});

const ZContext = z.strictObject({ cluster: ZName, user: ZName, namespace: z.string().max(253).optional() });

const ZKubeconfig = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  "current-context": z.string().optional(),
  preferences: z.strictObject({}).optional(),
  clusters: z.array(z.strictObject({ name: ZName, cluster: ZCluster })).max(100).default([]),
  users: z.array(z.strictObject({ name: ZName, user: ZUser.nullable().default({}) })).max(100).default([]),
  contexts: z.array(z.strictObject({ name: ZName, context: ZContext })).max(100).default([]),
});

/** What to paste instead of a refused field, by field name. */
const HINTS: Record<string, string> = {
  "token-file": "paste the token itself (token)",
  tokenFile: "paste the token itself (token)",
  "client-certificate": "paste the certificate as client-certificate-data (base64 PEM)",
  "client-key": "paste the key as client-key-data (base64 PEM)",
  "certificate-authority": "paste the CA as certificate-authority-data (base64 PEM)",
  exec: "Plumbline runs no commands or auth plugins; paste a service account token",
  "auth-provider": "Plumbline runs no commands or auth plugins; paste a service account token",
  as: "impersonation is not supported",
  "as-uid": "impersonation is not supported",
  "as-groups": "impersonation is not supported",
  "as-user-extra": "impersonation is not supported",
  "proxy-url": "Plumbline connects to the API server directly",
  extensions: "extensions are not accepted",
};

export function parseTenantKubeconfig(text: string): TParsedTenantKubeconfig {
  let document: unknown;
  try {
    // No custom tags, few aliases: the text is hostile.
    document = parseYaml(text, { maxAliasCount: 50, customTags: [] });
  } catch (error) {
    return { ok: false, problems: [`the kubeconfig is not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`] };
  }
  const parsed = ZKubeconfig.safeParse(document ?? {});
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.flatMap(describeIssue) };
  const config = parsed.data;
  return {
    ok: true,
    kubeconfig: {
      clusters: config.clusters.map(({ name, cluster }) => ({
        name,
        server: cluster.server,
        ...(cluster["certificate-authority-data"] === undefined ? {} : { caData: cluster["certificate-authority-data"] }),
        skipTLSVerify: cluster["insecure-skip-tls-verify"] ?? false,
        ...(cluster["tls-server-name"] === undefined ? {} : { tlsServerName: cluster["tls-server-name"] }),
      })),
      users: config.users.map(({ name, user }) => ({
        name,
        ...(user?.token === undefined ? {} : { token: user.token }),
        ...(user?.["client-certificate-data"] === undefined ? {} : { certData: user["client-certificate-data"] }),
        ...(user?.["client-key-data"] === undefined ? {} : { keyData: user["client-key-data"] }),
        ...(user?.username === undefined ? {} : { username: user.username }),
        ...(user?.password === undefined ? {} : { password: user.password }),
      })),
      contexts: config.contexts.map(({ name, context }) => ({ name, cluster: context.cluster, user: context.user, ...(context.namespace === undefined ? {} : { namespace: context.namespace }) })),
      ...(config["current-context"] ? { currentContext: config["current-context"] } : {}),
    },
  };
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => `${at === "" ? "" : `${at}.`}${key} is not allowed: ${HINTS[key] ?? "not a kubeconfig field Plumbline accepts"}`);
  }
  if (issue.message === SERVER_PROBLEM) return [`${at} ${SERVER_PROBLEM}`];
  return [`${at === "" ? "the kubeconfig" : at}: ${issue.message}`];
}

/** `users[0].user.token-file`, as a person reads it in the YAML. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part}]` : `${text === "" ? "" : "."}${String(part)}`;
  return text;
}
