import ipaddr from "ipaddr.js";

/**
 * Where the server may connect on a tenant's behalf (its Prometheus, OIDC issuer,
 * Kubernetes API server). Tenants are untrusted: a URL they type must not reach the
 * cloud metadata service, the database, or anything else on our own networks.
 *
 * The rule is an allowlist of address kinds, not a blocklist: only ordinary public
 * unicast addresses are allowed (ipaddr.js's `range() === "unicast"`), so a special
 * range we forgot to name (NAT64, 6to4, Teredo, reserved…) is refused rather than
 * reached. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 it carries.
 * Exceptions come from PLUMBLINE_EGRESS_ALLOW (CIDRs and host names) and, in the
 * embedded single-user setup, loopback (see egress-settings.ts).
 *
 * This file decides only (no DNS, no sockets): egress-connect.ts resolves and connects.
 */

export const EGRESS_ALLOW_SETTING = "PLUMBLINE_EGRESS_ALLOW";

type TAddress = ipaddr.IPv4 | ipaddr.IPv6;

export type TEgressAllowEntry = { kind: "cidr"; text: string; range: [TAddress, number] } | { kind: "host"; host: string };

export interface TEgressPolicy {
  /** Loopback (127.0.0.0/8, ::1) is allowed: the embedded default and the demo, where Prometheus often runs on the same laptop. */
  allowLoopback: boolean;
  allow: readonly TEgressAllowEntry[];
}

export type TEgressDecision = { allowed: true } | { allowed: false; address: string; kind: string };

/** The strictest policy: public unicast only. */
export const STRICT_EGRESS_POLICY: TEgressPolicy = { allowLoopback: false, allow: [] };

/**
 * Ranges ipaddr.js 1.9 still calls "unicast" but that are not the public internet.
 * ::/96 (IPv4-compatible, deprecated) would otherwise smuggle ::7f00:1 past the check.
 */
const EXTRA_REFUSED: { range: [TAddress, number]; kind: string }[] = [
  { range: ipaddr.parseCIDR("198.18.0.0/15"), kind: "a benchmarking (non-public) address" },
  { range: ipaddr.parseCIDR("::/96"), kind: "an IPv4-compatible IPv6 address" },
  { range: ipaddr.parseCIDR("64:ff9b:1::/48"), kind: "a local-use NAT64 address" },
  { range: ipaddr.parseCIDR("100::/64"), kind: "a discard-only IPv6 address" },
];

const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback address",
  linkLocal: "a link-local address (where cloud metadata services live)",
  private: "a private address",
  uniqueLocal: "a unique-local (private) IPv6 address",
  carrierGradeNat: "a carrier-grade NAT (shared) address",
  unspecified: "the unspecified address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  reserved: "a reserved address",
  rfc6145: "an IPv4-translated IPv6 address",
  rfc6052: "a NAT64 address",
  "6to4": "a 6to4 address",
  teredo: "a Teredo address",
};

export class EgressRefusedError extends Error {
  readonly code = "EGRESS_REFUSED";
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: string,
  ) {
    super(egressRefusalMessage(host, address, kind));
    this.name = "EgressRefusedError";
  }
}

/** The sentence an admin reads when a destination is refused: what it is, and how an operator allows it. */
export function egressRefusalMessage(host: string, address: string, kind: string): string {
  const name = normalizeHost(host);
  const what = name === address ? `${address} is ${kind}` : isIpLiteral(name) ? `${name} (${address}) is ${kind}` : `${host} resolves to ${address}, ${kind}`;
  return `${what}; Plumbline does not connect to loopback, link-local or private addresses unless ${EGRESS_ALLOW_SETTING} lists it`;
}

/**
 * Parses PLUMBLINE_EGRESS_ALLOW: comma-separated CIDRs (`10.20.0.0/16`, `fd00::/8`), single
 * addresses (`10.0.0.5`, taken as /32 or /128) and host names (`prometheus.internal`,
 * allowed whatever they resolve to). A mistake throws naming the entry.
 */
export function parseEgressAllowList(text: string | undefined): TEgressAllowEntry[] {
  const entries: TEgressAllowEntry[] = [];
  for (const raw of (text ?? "").split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    if (item.includes("/")) {
      let range: [TAddress, number];
      try {
        range = ipaddr.parseCIDR(item);
      } catch {
        throw new Error(`${EGRESS_ALLOW_SETTING}: ${JSON.stringify(item)} is not a CIDR such as 10.20.0.0/16 or fd00::/8`);
      }
      entries.push({ kind: "cidr", text: item, range });
    } else if (isIpLiteral(item)) {
      const address = ipaddr.parse(stripBrackets(item));
      entries.push({ kind: "cidr", text: item, range: [address, address.kind() === "ipv4" ? 32 : 128] });
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(item)) {
      entries.push({ kind: "host", host: normalizeHost(item) });
    } else {
      throw new Error(`${EGRESS_ALLOW_SETTING}: ${JSON.stringify(item)} is neither a CIDR, an IP address nor a host name`);
    }
  }
  return entries;
}

/** True when the host name itself is on the allow list (then whatever it resolves to is allowed). */
export function isHostAllowedByName(policy: TEgressPolicy, host: string): boolean {
  const name = normalizeHost(host);
  return policy.allow.some((entry) => entry.kind === "host" && entry.host === name);
}

/** The decision for one IP address (as DNS returned it, or an IP literal from a URL). */
export function decideAddress(policy: TEgressPolicy, addressText: string): TEgressDecision {
  const text = stripBrackets(addressText);
  if (!isIpLiteral(text)) return { allowed: false, address: addressText, kind: "not an IP address" };
  let address: TAddress = ipaddr.parse(text);
  // ::ffff:a.b.c.d reaches a.b.c.d: judge the IPv4 it carries.
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  const shown = address.toString();

  if (policy.allow.some((entry) => entry.kind === "cidr" && sameFamilyMatch(address, entry.range))) return { allowed: true };
  const range = address.range();
  if (range === "loopback" && policy.allowLoopback) return { allowed: true };
  if (range !== "unicast") return { allowed: false, address: shown, kind: RANGE_WORDS[range] ?? `a special-purpose address (${range})` };
  const extra = EXTRA_REFUSED.find((entry) => sameFamilyMatch(address, entry.range));
  if (extra !== undefined) return { allowed: false, address: shown, kind: extra.kind };
  return { allowed: true };
}

/**
 * The decision for a host and every address it resolved to: one refused address refuses
 * the host (a name with a public and a private record must not be a coin toss).
 */
export function decideResolved(policy: TEgressPolicy, host: string, addresses: readonly string[]): TEgressDecision {
  if (isHostAllowedByName(policy, host)) return { allowed: true };
  if (addresses.length === 0) return { allowed: false, address: "(nothing)", kind: "no address" };
  for (const address of addresses) {
    const decision = decideAddress(policy, address);
    if (!decision.allowed) return decision;
  }
  return { allowed: true };
}

/** Throws EgressRefusedError when the decision refuses. */
export function assertAllowed(host: string, decision: TEgressDecision): void {
  if (!decision.allowed) throw new EgressRefusedError(host, decision.address, decision.kind);
}

export function isIpLiteral(host: string): boolean {
  const text = stripBrackets(host);
  // Four-part decimal only: ipaddr.js also takes "127.1" and "0x7f.1", which URLs normalize anyway.
  return ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(":") && ipaddr.IPv6.isValid(text));
}

function sameFamilyMatch(address: TAddress, range: [TAddress, number]): boolean {
  if (address.kind() !== range[0].kind()) return false;
  // The kinds are equal, so the overload matches; TypeScript cannot narrow the pair.
  return address.kind() === "ipv4" ? (address as ipaddr.IPv4).match(range as [ipaddr.IPv4, number]) : (address as ipaddr.IPv6).match(range as [ipaddr.IPv6, number]);
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

function normalizeHost(host: string): string {
  return stripBrackets(host).toLowerCase().replace(/\.$/, "");
}
