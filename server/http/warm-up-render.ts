import http from "node:http";
import type { AddressInfo } from "node:net";

// After every route module is loaded (preload-route-modules.ts) the first page render still
// runs Next's request path and React's renderers (Flight, Fizz) for the first time: V8 compiles
// each of their functions on its first call, 46-57 ms of main-thread CPU in one turn of the
// first `/` (bench/first-visit.bench.ts). One render before the server listens pays that once.
// The page is the sign-in form as an anonymous visitor sees it: it reads no session (there is
// no cookie) and writes nothing. The request goes to Next's handler alone on a loopback port
// of its own, closed afterwards: not through the access log, the request metrics or the rate
// limits, which count only real traffic.
export const WARM_UP_PATH = "/sign-in";

export interface TWarmUpResult {
  /** The page's HTTP status; 0 when the request failed (`error` says why). */
  status: number;
  ms: number;
  error?: string;
}

type THandler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/** Renders WARM_UP_PATH once through `handler`; never throws (a failure is returned as status 0). */
export async function warmUpRender(handler: THandler): Promise<TWarmUpResult> {
  const started = performance.now();
  const server = http.createServer((req, res) => void handler(req, res));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    const { port } = server.address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path: WARM_UP_PATH, headers: { accept: "text/html" } }, (res) => {
          res.resume();
          res.once("end", () => resolve(res.statusCode ?? 0));
          res.once("error", reject);
        })
        .once("error", reject);
    });
    return { status, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, error: error instanceof Error ? error.message : String(error) };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
