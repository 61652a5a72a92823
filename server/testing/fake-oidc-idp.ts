import http from "node:http";
import type { AddressInfo } from "node:net";

export interface TFakeIdpUser {
  sub: string;
  email: string;
  name: string;
  email_verified: boolean;
}

export interface TFakeIdp {
  url: string;
  /** Who the IdP says signed in: tests change it between sign-ins (an attacker's IdP says whatever it likes). */
  user: TFakeIdpUser;
  tokenRequests: string[];
  close(): Promise<void>;
}

/**
 * A small OpenID Connect provider on loopback (discovery, authorize, token, userinfo) that
 * approves every authorization at once and answers userinfo with `user`.
 */
export function startFakeIdp(user: TFakeIdpUser): Promise<TFakeIdp> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://idp");
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (url.pathname === "/.well-known/openid-configuration") {
      return json({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, userinfo_endpoint: `${issuer}/userinfo` });
    }
    if (url.pathname === "/authorize") {
      const back = new URL(url.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("code", "code-1");
      back.searchParams.set("state", url.searchParams.get("state") ?? "");
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === "/token") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        idp.tokenRequests.push(body);
        json({ access_token: "idp-access-token", token_type: "Bearer", expires_in: 3600 });
      });
      return;
    }
    if (url.pathname === "/userinfo") return json(idp.user);
    res.writeHead(404).end();
  });
  const idp: TFakeIdp = { url: "", user, tokenRequests: [], close: () => new Promise((done) => server.close(() => done())) };
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      idp.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve(idp);
    });
  });
}
