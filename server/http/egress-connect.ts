import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import type http from "node:http";
import type { LookupFunction } from "node:net";
import { Agent, buildConnector, fetch as undiciFetch } from "undici";
import { assertAllowed, decideAddress, decideResolved, EgressRefusedError, isIpLiteral, type TEgressPolicy } from "./egress-policy.ts";
import { readEgressPolicy } from "./egress-settings.ts";

/**
 * The egress policy (egress-policy.ts) applied to real connections. Two rules make it
 * hold against DNS tricks:
 *
 * - The check runs where the socket is made, for every connection, so a redirect (which
 *   fetch and node-fetch follow by opening a new connection) is checked like the first hop.
 * - A host name is resolved once, every address is checked, and the socket connects to the
 *   addresses that were checked (a `lookup` hook hands them to net.connect): a name that
 *   answers "public" to the check and "127.0.0.1" to the connect (DNS rebinding) gets no
 *   second question. IP literals never reach `lookup`, so they are checked before it.
 */

/** Resolves every address of a host (A and AAAA), as the system resolver sees it. Injected in tests. */
export type TResolveAll = (host: string) => Promise<LookupAddress[]>;

export interface TEgressOptions {
  /** Read at each connection by default, so the current environment applies. */
  policy?: () => TEgressPolicy;
  resolve?: TResolveAll;
}

const systemResolveAll: TResolveAll = (host) => dns.lookup(host, { all: true, verbatim: true });

/** Save-time and load-time check of a URL a tenant typed: throws EgressRefusedError with a sentence an admin can act on. */
export async function assertEgressAllowedUrl(url: string | URL, options: TEgressOptions = {}): Promise<void> {
  const { hostname } = typeof url === "string" ? new URL(url) : url;
  await assertEgressAllowedHost(hostname, options);
}

export async function assertEgressAllowedHost(host: string, options: TEgressOptions = {}): Promise<void> {
  const policy = (options.policy ?? readEgressPolicy)();
  if (isIpLiteral(host)) {
    assertAllowed(host, decideAddress(policy, host));
    return;
  }
  const addresses = await (options.resolve ?? systemResolveAll)(host);
  assertAllowed(host, decideResolved(policy, host, addresses.map((entry) => entry.address)));
}

/** A `lookup` for net/tls.connect that refuses a name when any of its addresses is refused, and connects to the checked ones. */
export function createEgressLookup(options: TEgressOptions = {}): LookupFunction {
  const resolve = options.resolve ?? systemResolveAll;
  return (hostname: string, lookupOptions: LookupOptions, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const decision = decideResolved((options.policy ?? readEgressPolicy)(), hostname, addresses.map((entry) => entry.address));
        if (!decision.allowed) {
          callback(new EgressRefusedError(hostname, decision.address, decision.kind), "", 0);
          return;
        }
        // Every address was checked; the caller may want only one family.
        const usable = lookupOptions.family === 4 || lookupOptions.family === 6 ? addresses.filter((entry) => entry.family === lookupOptions.family) : addresses;
        const first = usable[0];
        if (first === undefined) {
          callback(Object.assign(new Error(`${hostname} has no IPv${String(lookupOptions.family)} address`), { code: "ENOTFOUND" }), "", 0);
          return;
        }
        if (lookupOptions.all === true) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}

/** The refusal for an IP-literal host, or null when it may be reached (names are checked by the lookup hook). */
function refuseLiteral(host: string | null | undefined, options: TEgressOptions): EgressRefusedError | null {
  if (host === null || host === undefined || !isIpLiteral(host)) return null;
  const decision = decideAddress((options.policy ?? readEgressPolicy)(), host);
  return decision.allowed ? null : new EgressRefusedError(host, decision.address, decision.kind);
}

/** An undici dispatcher whose every connection (first hop and redirects) goes through the policy. */
export function createEgressDispatcher(options: TEgressOptions = {}): Agent {
  const connector = buildConnector({ lookup: createEgressLookup(options) });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const refused = refuseLiteral(connectOptions.hostname, options);
    if (refused !== null) {
      callback(refused, null);
      return;
    }
    connector(connectOptions, callback);
  };
  return new Agent({ connect });
}

/**
 * A fetch for tenant-configured destinations (e.g. the Prometheus client's `fetch` option).
 * Refusals surface as fetch's usual TypeError("fetch failed") whose `cause` is an
 * EgressRefusedError; nothing is sent to a refused address.
 */
export function createEgressFetch(options: TEgressOptions = {}): typeof fetch {
  const dispatcher = createEgressDispatcher(options);
  const egressFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    // undici's own fetch (the package, with the dispatcher it was built for) declares its own
    // Request/Response types; at runtime they are the WHATWG objects the global types describe.
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher }) as unknown as Promise<Response>;
  return egressFetch as typeof fetch;
}

/**
 * Makes a Node http(s).Agent (what @kubernetes/client-node connects with) check every
 * connection it opens: IP literals before connecting, names through the lookup hook.
 */
export function guardNodeAgent<T extends http.Agent>(agent: T, options: TEgressOptions = {}): T {
  const createConnection = agent.createConnection.bind(agent);
  const lookup = createEgressLookup(options);
  agent.createConnection = (connectionOptions, callback) => {
    const refused = refuseLiteral(connectionOptions.host ?? connectionOptions.hostname, options);
    if (refused !== null) {
      // Node's Agent accepts the socket or an error through the callback (then the request emits it).
      if (callback === undefined) throw refused;
      callback(refused, undefined as never);
      return undefined;
    }
    return createConnection({ ...connectionOptions, lookup }, callback);
  };
  return agent;
}
