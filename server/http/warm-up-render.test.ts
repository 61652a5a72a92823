import type http from "node:http";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { WARM_UP_PATH, warmUpRender } from "./warm-up-render.ts";

describe("warmUpRender", () => {
  it("sends one anonymous GET of the sign-in page to the handler and reports its status", async () => {
    const seen: { method?: string; url?: string; cookie?: string; authorization?: string }[] = [];
    const result = await warmUpRender((req, res) => {
      seen.push({ method: req.method, url: req.url, cookie: req.headers.cookie, authorization: req.headers.authorization });
      res.writeHead(200, { "content-type": "text/html" }).end("<form></form>");
    });

    expect(seen).toEqual([{ method: "GET", url: WARM_UP_PATH, cookie: undefined, authorization: undefined }]);
    expect(result.status).toBe(200);
    expect(result.ms).toBeGreaterThan(0);
  });

  it("returns the failure instead of throwing when the page fails or the connection breaks", async () => {
    const failed = await warmUpRender((_req, res) => res.writeHead(500).end());
    const broken = await warmUpRender((req: http.IncomingMessage) => req.socket.destroy());

    expect(failed.status).toBe(500);
    expect(broken).toMatchObject({ status: 0, error: expect.any(String) as string });
  });

  it("closes its loopback server afterwards: nothing is left listening", async () => {
    let port = 0;
    await warmUpRender((req, res) => {
      port = req.socket.localPort ?? 0;
      res.writeHead(200).end();
    });

    expect(port).toBeGreaterThan(0);
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => (socket.destroy(), resolve("connected")));
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(refused).toBe("ECONNREFUSED");
  });
});
