/**
 * A rate limit shared by every web process that does not write the shared counter on
 * every request (docs/adr/012-gate-throughput.md).
 *
 * Each process reserves a lease of `leaseSize` points from the shared counter in one
 * atomic statement and grants requests from it in memory; when the lease is used up it
 * reserves the next one. Every point granted anywhere was first added to the shared
 * counter, so all processes together never grant more than `limit` per window. What a
 * lease costs is the other way round: points another process reserved and has not used
 * yet are counted, so a key can be refused up to (processes − 1) × (leaseSize − 1)
 * requests before the limit — with the lease a fiftieth of the limit, 2 % per extra web
 * process, and nothing when the limit is below 100 (a lease of one point: exactly the
 * shared counter, one write per request, as before).
 */

/** Adds `points` to the key's counter for the window (a new window when the stored one ended at `now` or before); returns the total and the window's end. */
export type TReserveLease = (key: string, points: number, windowMs: number, now: Date) => Promise<{ total: number; expiresAt: Date }>;

export interface TCounterDecision {
  allowed: boolean;
  /** What is left of the limit as this process knows it. */
  remaining: number;
  msBeforeNext: number;
}

interface TLease {
  expiresAt: number;
  /** The shared counter's total after this process's last reservation. */
  total: number;
  /** Points reserved by this process and not granted yet. */
  unused: number;
}

/** A fiftieth of the limit, at least one point. */
export const LEASE_FRACTION = 50;

export function leaseSizeFor(limit: number): number {
  return Math.max(1, Math.floor(limit / LEASE_FRACTION));
}

export class LeasedCounter {
  private readonly leases = new Map<string, TLease>();
  private readonly reserving = new Map<string, Promise<void>>();

  constructor(
    private readonly reserve: TReserveLease,
    private readonly options: { limit: number; windowMs: number; leaseSize?: number; clock?: () => number },
  ) {}

  private get leaseSize(): number {
    return this.options.leaseSize ?? leaseSizeFor(this.options.limit);
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  async consume(key: string): Promise<TCounterDecision> {
    const { limit } = this.options;
    for (;;) {
      const now = this.now();
      const lease = this.leases.get(key);
      if (lease && lease.expiresAt > now) {
        if (lease.unused > 0) {
          lease.unused -= 1;
          return { allowed: true, remaining: Math.max(0, limit - lease.total + lease.unused), msBeforeNext: lease.expiresAt - now };
        }
        // The shared counter reached the limit: refuse until the window ends, without writing.
        if (lease.total >= limit) return { allowed: false, remaining: 0, msBeforeNext: lease.expiresAt - now };
      } else if (lease) {
        this.leases.delete(key);
      }
      // One reservation per key at a time in this process; concurrent callers wait for it and look again.
      let pending = this.reserving.get(key);
      if (!pending) {
        pending = this.renew(key, now).finally(() => this.reserving.delete(key));
        this.reserving.set(key, pending);
      }
      await pending;
    }
  }

  private async renew(key: string, now: number): Promise<void> {
    const size = this.leaseSize;
    const { total, expiresAt } = await this.reserve(key, size, this.options.windowMs, new Date(now));
    // Of the points just added, only those still under the limit may be granted.
    const granted = Math.max(0, Math.min(size, this.options.limit - (total - size)));
    // A window that already ended (a slow round trip) is dropped by the next look, which reserves again.
    this.leases.set(key, { expiresAt: expiresAt.getTime(), total, unused: granted });
  }
}
