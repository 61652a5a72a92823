import http from "node:http";
import type { AddressInfo } from "node:net";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...all]/route.ts";
import { GET as completeSso } from "@/app/sso/complete/route.ts";

export interface TSignInServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The app's sign-in route handlers (better-auth's endpoints and the SSO completion route)
 * served over real HTTP on loopback, against this process's test database: an SSO test
 * runs the browser's redirects, cookies and origin checks as they happen in production,
 * on either database kind, without building the Next app.
 */
export function serveSignInRoutes(): Promise<TSignInServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const url = new URL(req.url ?? "/", origin);
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === "string") headers.set(name, value);
          else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
        }
        const method = req.method ?? "GET";
        const request = new Request(url, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks) });
        let response: Response;
        if (url.pathname.startsWith("/api/auth/")) response = method === "POST" ? await authPost(request) : await authGet(request);
        else if (url.pathname === "/sso/complete") response = await completeSso(request);
        else response = new Response("not served by this test server", { status: 404 });
        const outgoing: http.OutgoingHttpHeaders = {};
        response.headers.forEach((value, name) => {
          if (name !== "set-cookie") outgoing[name] = value;
        });
        const cookies = response.headers.getSetCookie();
        if (cookies.length > 0) outgoing["set-cookie"] = cookies;
        res.writeHead(response.status, outgoing).end(Buffer.from(await response.arrayBuffer()));
      })().catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(error instanceof Error ? error.stack : String(error));
      });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
