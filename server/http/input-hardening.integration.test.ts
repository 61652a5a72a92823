import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCatalog } from "@/server/catalog/import-catalog.ts";
import { readCatalogSources } from "@/server/catalog/read-catalog-sources.ts";
import { EXAMPLE_CATALOG_DIR } from "@/server/catalog/seed-catalog-on-start.ts";
import { overrideConfig } from "@/server/config/get-config.ts";
import { parseConfig } from "@/server/config/parse-config.ts";
import { createApiToken } from "@/server/identity/api-tokens.ts";
import { upsertOrganization } from "@/server/identity/identity-organizations.repository.ts";
import { createSignedInMember, sessionHeaders, TEST_ORIGIN, type TTestMember } from "@/server/testing/test-accounts.ts";
import { openTestDatabase, TEST_DATABASE_KINDS } from "@/server/testing/test-databases.ts";

// The attack suite's input and load cases, against the real route handlers on both
// databases: strings Postgres cannot store, bodies past the size cap, and a signed-in
// session that sends too many requests. Before this change each string case answered 500
// (Postgres refused the row), a 20 MB body was read and parsed, and sessions were never limited.

type TRouteHandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

// Static imports: the bundler resolves them (a template path deeper than one folder it cannot).
const ROUTES: Record<string, () => Promise<unknown>> = {
  "deploy-requests": () => import("@/app/api/v1/deploy-requests/route.ts"),
  policies: () => import("@/app/api/v1/policies/route.ts"),
  "catalog/imports": () => import("@/app/api/v1/catalog/imports/route.ts"),
  services: () => import("@/app/api/v1/services/route.ts"),
};

async function route(file: string, method: string): Promise<TRouteHandler> {
  const load = ROUTES[file];
  if (!load) throw new Error(`no route ${file}`);
  const handler = ((await load()) as Record<string, TRouteHandler>)[method];
  if (!handler) throw new Error(`${file} exports no ${method}`);
  return handler;
}

function send(handler: TRouteHandler, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
  return handler(
    new Request(`${TEST_ORIGIN}/api/${path}`, {
      method,
      headers: { host: "localhost", accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body }),
    }),
    { params: Promise.resolve({}) },
  );
}

async function problem(response: Response): Promise<{ status: number; code: string; detail: string; errors?: { field: string }[] }> {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as { code: string; detail: string; errors?: { field: string }[] };
  return { status: response.status, ...body };
}

describe.each(TEST_DATABASE_KINDS)("input and load hardening on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let token: string;
  let admin: TTestMember;
  let restoreConfig: () => void = () => {};

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    // A small catalog-import cap and session limit, so the cases stay small and fast.
    restoreConfig = overrideConfig(parseConfig({ DATABASE_URL: db.url ?? "", PLUMBLINE_AUTH_SECRET: "x".repeat(40), PLUMBLINE_CATALOG_IMPORT_MAX_BYTES: "65536", PLUMBLINE_SESSION_RATE_LIMIT: "8" }));
    const org = await upsertOrganization(`hardening-${kind}`, "Hardening test");
    await importCatalog(org.id, readCatalogSources(EXAMPLE_CATALOG_DIR), "example");
    token = (await createApiToken(org.id, "hardening-ci")).token;
    admin = await createSignedInMember(org.id, { role: "admin" });
  }, 120_000);

  afterAll(async () => {
    restoreConfig();
    await db?.close();
  });

  const nul = String.fromCharCode(0);
  const loneSurrogate = "\\ud800"; // as a JSON escape, the way a client would send it

  it.each([
    ["a NUL in version", JSON.stringify({ service: "checkout", environment: "production", version: `1.0${nul}` }), "version", /NUL character/],
    ["a lone surrogate in requestedBy", `{"service":"checkout","environment":"production","version":"1.0","requestedBy":"ci${loneSurrogate}"}`, "requestedBy", /lone UTF-16 surrogate/],
  ])("POST /deploy-requests with %s → 400 naming the field", async (_case, body, field, message) => {
    const answer = await problem(await send(await route("deploy-requests", "POST"), "POST", "v1/deploy-requests", { authorization: `Bearer ${token}` }, body));
    expect(answer).toMatchObject({ status: 400, code: "validation-failed" });
    expect(answer.detail).toMatch(message);
    expect(answer.errors?.[0]?.field).toBe(field);
  });

  it("PUT /policies with a NUL in the YAML → 400 naming the field, nothing saved", async () => {
    const handler = await route("policies", "PUT");
    const answer = await problem(await send(handler, "PUT", "v1/policies", sessionHeaders(admin), JSON.stringify({ yaml: `rules: []${nul}\n` })));
    expect(answer).toMatchObject({ status: 400, code: "validation-failed" });
    expect(answer.errors?.[0]?.field).toBe("yaml");
  });

  it("POST /catalog/imports with a NUL inside a file → 400 naming the file's field", async () => {
    const handler = await route("catalog/imports", "POST");
    const body = JSON.stringify({ origin: "probe", files: [{ file: "a.yaml", text: `kind: Group${nul}` }] });
    const answer = await problem(await send(handler, "POST", "v1/catalog/imports", { authorization: `Bearer ${token}` }, body));
    expect(answer).toMatchObject({ status: 400, code: "validation-failed" });
    expect(answer.errors?.[0]?.field).toBe("files.0.text");
  });

  it("a 2 MB deploy request → 413 payload-too-large before it is parsed", async () => {
    const body = JSON.stringify({ service: "checkout", environment: "production", version: "1", commit: "x".repeat(2 * 1024 * 1024) });
    const answer = await problem(await send(await route("deploy-requests", "POST"), "POST", "v1/deploy-requests", { authorization: `Bearer ${token}` }, body));
    expect(answer).toMatchObject({ status: 413, code: "payload-too-large" });
  });

  it("a body without Content-Length past the cap is cut off while streaming (413)", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(256 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const handler = await route("deploy-requests", "POST");
    const request = new Request(`${TEST_ORIGIN}/api/v1/deploy-requests`, {
      method: "POST",
      headers: { host: "localhost", "content-type": "application/json", authorization: `Bearer ${token}` },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const answer = await problem(await handler(request, { params: Promise.resolve({}) }));
    expect(answer).toMatchObject({ status: 413, code: "payload-too-large" });
    // It stopped reading at the cap (1 MB = 4 chunks, and the one that crossed it), not at the end.
    expect(sent).toBeLessThan(8);
  });

  it("a catalog import past PLUMBLINE_CATALOG_IMPORT_MAX_BYTES → 413, a smaller one is read", async () => {
    const handler = await route("catalog/imports", "POST");
    const big = JSON.stringify({ origin: "probe", files: [{ file: "a.yaml", text: `# ${"x".repeat(70_000)}\n` }] });
    expect(await problem(await send(handler, "POST", "v1/catalog/imports", { authorization: `Bearer ${token}` }, big))).toMatchObject({ status: 413, code: "payload-too-large" });
    const small = JSON.stringify({ origin: "probe", files: [{ file: "a.yaml", text: "# nothing but a comment\n" }] });
    expect((await send(handler, "POST", "v1/catalog/imports", { authorization: `Bearer ${token}` }, small)).status).toBe(200);
  });

  it("a signed-in session is rate-limited too (429, RateLimit-* and Retry-After), per user", async () => {
    const handler = await route("services", "GET");
    const member = await createSignedInMember((await upsertOrganization(`hardening-${kind}`, "Hardening test")).id, { role: "member" });
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < 12 && limited === null; i++) {
      const response = await send(handler, "GET", "v1/services", sessionHeaders(member));
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else expect(response.headers.get("ratelimit-limit")).toBe("8");
    }
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(200));
    expect(limited).not.toBeNull();
    if (!limited) return;
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(await problem(limited)).toMatchObject({ status: 429, code: "rate-limited" });
    // Another user has a limit of their own.
    expect((await send(handler, "GET", "v1/services", sessionHeaders(admin))).status).toBe(200);
  });

  it.each([
    ["127.0.0.1, as a browser on the same machine sends it", "127.0.0.1:3000", "http://127.0.0.1:3000", 200],
    ["localhost", "localhost:3000", "http://localhost:3000", 200],
    ["another site's page", "127.0.0.1:3000", "https://evil.example", 403],
  ])("signing in from %s → %s", async (_case, host, origin, status) => {
    const { getAuth } = await import("@/server/identity/auth.ts");
    const response = await (await getAuth()).handler(
      new Request(`http://${host}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { host, origin, "content-type": "application/json" },
        body: JSON.stringify({ email: admin.email, password: admin.password }),
      }),
    );
    expect(response.status).toBe(status);
  });
});
