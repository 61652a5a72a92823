/**
 * A waiting line that shares time, not turns, between tenants and, within a tenant, between
 * lanes (kinds of work): the next one served is the oldest waiter of the lane that has used
 * the least time, in the tenant that has used the least time. A tenant whose pages take
 * 500 ms a render therefore gets one turn while another's 35 ms export chunks get about
 * fourteen, and one organization queuing fifty reads delays another's single read by about
 * one of its own turns, not fifty. Arrival order holds within a lane.
 *
 * A tenant or lane that arrives (or comes back) starts at the least time used by those
 * already busy, so time saved while away is no credit to spend later (start-time fair
 * queueing's virtual clock, in its simplest form).
 */
export interface TTenantFairLine<T> {
  push(tenant: string, lane: string, item: T): void;
  /** The next waiter by least time used, or undefined when nobody waits; its work has begun. */
  shift(): { item: T; tenant: string; lane: string } | undefined;
  /** Work that did not wait in line has begun (admitted at once): its time is charged too. */
  begin(tenant: string, lane: string): void;
  /** A turn that began (through shift or begin) ended after `ms`: charge it. Call once per turn. */
  finish(tenant: string, lane: string, ms: number): void;
  waitingOf(tenant: string): number;
  readonly size: number;
}

interface TShare {
  /** Milliseconds charged, on the line's virtual clock. */
  used: number;
  waiting: number;
  running: number;
}

interface TLane<T> extends TShare {
  items: T[];
}

interface TTenant<T> extends TShare {
  lanes: Map<string, TLane<T>>;
}

export function createTenantFairLine<T>(): TTenantFairLine<T> {
  const tenants = new Map<string, TTenant<T>>();
  let size = 0;

  /** The least time used among those with work waiting or running: where a newcomer starts. */
  const floor = (shares: Iterable<TShare>): number => {
    let least = Number.POSITIVE_INFINITY;
    for (const share of shares) least = Math.min(least, share.used);
    return Number.isFinite(least) ? least : 0;
  };
  const tenantOf = (name: string): TTenant<T> => {
    let tenant = tenants.get(name);
    if (!tenant) {
      tenant = { used: floor(tenants.values()), waiting: 0, running: 0, lanes: new Map() };
      tenants.set(name, tenant);
    }
    return tenant;
  };
  const laneOf = (tenant: TTenant<T>, name: string): TLane<T> => {
    let lane = tenant.lanes.get(name);
    if (!lane) {
      lane = { used: floor(tenant.lanes.values()), waiting: 0, running: 0, items: [] };
      tenant.lanes.set(name, lane);
    }
    return lane;
  };
  /** Forgets what is idle (nothing waiting or running), so the maps hold only the busy. */
  const prune = (tenantName: string, laneName: string): void => {
    const tenant = tenants.get(tenantName);
    if (!tenant) return;
    const lane = tenant.lanes.get(laneName);
    if (lane && lane.waiting === 0 && lane.running === 0) tenant.lanes.delete(laneName);
    if (tenant.waiting === 0 && tenant.running === 0) tenants.delete(tenantName);
  };
  /** The entry with waiters that used the least time; ties go to the one busy longest (map order). */
  const leastUsed = <S extends TShare>(entries: Map<string, S>): [string, S] | undefined => {
    let best: [string, S] | undefined;
    for (const entry of entries) {
      if (entry[1].waiting > 0 && (!best || entry[1].used < best[1].used)) best = entry;
    }
    return best;
  };

  return {
    push(tenantName, laneName, item) {
      const tenant = tenantOf(tenantName);
      const lane = laneOf(tenant, laneName);
      lane.items.push(item);
      lane.waiting += 1;
      tenant.waiting += 1;
      size += 1;
    },
    shift() {
      const pickedTenant = leastUsed(tenants);
      if (!pickedTenant) return undefined;
      const [tenantName, tenant] = pickedTenant;
      // Invariant: a tenant with waiters has a lane with waiters, and that lane has items.
      const [laneName, lane] = leastUsed(tenant.lanes) as [string, TLane<T>];
      const item = lane.items.shift() as T;
      lane.waiting -= 1;
      tenant.waiting -= 1;
      size -= 1;
      lane.running += 1;
      tenant.running += 1;
      return { item, tenant: tenantName, lane: laneName };
    },
    begin(tenantName, laneName) {
      const tenant = tenantOf(tenantName);
      laneOf(tenant, laneName).running += 1;
      tenant.running += 1;
    },
    finish(tenantName, laneName, ms) {
      const tenant = tenants.get(tenantName);
      const lane = tenant?.lanes.get(laneName);
      if (!tenant || !lane || lane.running === 0) return;
      lane.running -= 1;
      tenant.running -= 1;
      lane.used += ms;
      tenant.used += ms;
      prune(tenantName, laneName);
    },
    waitingOf: (tenant) => tenants.get(tenant)?.waiting ?? 0,
    get size() {
      return size;
    },
  };
}
