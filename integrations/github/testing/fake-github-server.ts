import { createPublicKey, createVerify, randomBytes, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface TFakeGithubCall {
  method: string;
  path: string;
  /** The App (token requests) or installation (reviews) the caller proved to be; null when refused. */
  appId: string | null;
  installationId: string | null;
  status: number;
  body: unknown;
}

export interface TFakeProtectionReview {
  owner: string;
  repo: string;
  runId: string;
  installationId: string;
  body: { environment_name?: unknown; state?: unknown; comment?: unknown };
}

/**
 * A fake GitHub REST API on a real loopback port, for the deployment protection rule:
 * - `POST /app/installations/{id}/access_tokens` checks the App JWT (RS256 signature with
 *   the App's registered public key, `iss`, `iat`/`exp` within GitHub's 10 minutes) and
 *   that the installation is the App's, then issues a token that expires in an hour;
 * - `POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule` takes
 *   only a token of an installation that covers the repository, checks the body's shape
 *   (environment_name; state approved/rejected or a comment alone) and records it.
 * `failNext(n, status)` answers the next n review calls with `status` (retry tests).
 */
export class FakeGithubServer {
  readonly calls: TFakeGithubCall[] = [];
  readonly reviews: TFakeProtectionReview[] = [];
  private readonly apps = new Map<string, KeyObject>();
  private readonly installations = new Map<string, { appId: string; repositories: Set<string> }>();
  private readonly tokens = new Map<string, { installationId: string; expiresAtMs: number }>();
  private failures: number[] = [];
  private server: http.Server | null = null;
  url = "";
  tokensIssued = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  registerApp(appId: string, publicKeyPem: string): void {
    this.apps.set(appId, createPublicKey(publicKeyPem));
  }

  install(installationId: string, appId: string, repositories: string[]): void {
    this.installations.set(installationId, { appId, repositories: new Set(repositories.map((repo) => repo.toLowerCase())) });
  }

  failNext(count: number, status: number): void {
    this.failures.push(...Array.from({ length: count }, () => status));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    const path = (req.url ?? "").split("?")[0] ?? "";
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const answer = (status: number, json: unknown, who: { appId?: string | null; installationId?: string | null } = {}) => {
      this.calls.push({ method: req.method ?? "", path, appId: who.appId ?? null, installationId: who.installationId ?? null, status, body });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(json === null ? undefined : JSON.stringify(json));
    };

    const tokenPath = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
    if (req.method === "POST" && tokenPath) {
      const installationId = tokenPath[1] ?? "";
      const appId = this.verifyJwt(bearer);
      if (!appId) return answer(401, { message: "A JSON web token could not be decoded" });
      const installation = this.installations.get(installationId);
      if (!installation || installation.appId !== appId) return answer(404, { message: "Not Found" }, { appId });
      const token = `ghs_${randomBytes(18).toString("hex")}`;
      const expiresAtMs = Date.now() + 3600_000;
      this.tokens.set(token, { installationId, expiresAtMs });
      this.tokensIssued += 1;
      return answer(201, { token, expires_at: new Date(expiresAtMs).toISOString(), permissions: { actions: "read", deployments: "write" } }, { appId, installationId });
    }

    const reviewPath = /^\/repos\/([\w.-]+)\/([\w.-]+)\/actions\/runs\/(\d+)\/deployment_protection_rule$/.exec(path);
    if (req.method === "POST" && reviewPath) {
      const [, owner = "", repo = "", runId = ""] = reviewPath;
      const token = this.tokens.get(bearer);
      if (!token || token.expiresAtMs < Date.now()) return answer(401, { message: "Bad credentials" });
      const installation = this.installations.get(token.installationId);
      if (!installation?.repositories.has(`${owner}/${repo}`.toLowerCase())) return answer(404, { message: "Not Found" }, { installationId: token.installationId });
      const failure = this.failures.shift();
      if (failure !== undefined) return answer(failure, { message: "Server Error" }, { installationId: token.installationId });
      if (!isReviewBody(body)) return answer(422, { message: "Invalid request" }, { installationId: token.installationId });
      this.reviews.push({ owner, repo, runId, installationId: token.installationId, body });
      return answer(204, null, { installationId: token.installationId });
    }
    answer(404, { message: "Not Found" });
  }

  /** The App id of a valid App JWT, or null. */
  private verifyJwt(jwt: string): string | null {
    const [header, payload, signature] = jwt.split(".");
    if (!header || !payload || !signature) return null;
    let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
    let alg: unknown;
    try {
      alg = (JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown }).alg;
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims;
    } catch {
      return null;
    }
    const appId = String(claims.iss);
    const key = this.apps.get(appId);
    if (alg !== "RS256" || !key || typeof claims.iat !== "number" || typeof claims.exp !== "number") return null;
    const now = Math.floor(Date.now() / 1000);
    if (claims.exp <= now || claims.iat > now + 60 || claims.exp - claims.iat > 600) return null;
    const valid = createVerify("RSA-SHA256").update(`${header}.${payload}`).verify(key, Buffer.from(signature, "base64url"));
    return valid ? appId : null;
  }
}

function isReviewBody(body: unknown): body is TFakeProtectionReview["body"] {
  if (typeof body !== "object" || body === null) return false;
  const { environment_name: environment, state, comment } = body as Record<string, unknown>;
  if (typeof environment !== "string" || environment === "") return false;
  if (state === undefined) return typeof comment === "string" && comment !== "";
  return state === "approved" || state === "rejected";
}
