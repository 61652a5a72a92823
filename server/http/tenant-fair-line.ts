/**
 * A waiting line that takes turns between tenants, and within a tenant between lanes (kinds
 * of work): the next one served is the oldest waiter of the next tenant in rotation, so one
 * organization queuing fifty reads delays another's single read by one turn, not fifty.
 * Arrival order is kept within a tenant's lane.
 */
export interface TTenantFairLine<T> {
  push(tenant: string, lane: string, item: T): void;
  /** The next item by the rotation, or undefined when nobody waits. */
  shift(): T | undefined;
  waitingOf(tenant: string): number;
  readonly size: number;
}

interface TTenantQueue<T> {
  lanes: Map<string, T[]>;
  /** Lanes with waiters, in the order they get their next turn. */
  laneTurns: string[];
  waiting: number;
}

export function createTenantFairLine<T>(): TTenantFairLine<T> {
  const tenants = new Map<string, TTenantQueue<T>>();
  /** Tenants with waiters, in the order they get their next turn. */
  const turns: string[] = [];
  let size = 0;
  return {
    push(tenant, lane, item) {
      let queue = tenants.get(tenant);
      if (!queue) {
        queue = { lanes: new Map(), laneTurns: [], waiting: 0 };
        tenants.set(tenant, queue);
        turns.push(tenant);
      }
      let items = queue.lanes.get(lane);
      if (!items) {
        items = [];
        queue.lanes.set(lane, items);
        queue.laneTurns.push(lane);
      }
      items.push(item);
      queue.waiting += 1;
      size += 1;
    },
    shift() {
      const tenant = turns.shift();
      if (tenant === undefined) return undefined;
      // Invariant: a tenant in `turns` has a lane with at least one waiter.
      const queue = tenants.get(tenant) as TTenantQueue<T>;
      const lane = queue.laneTurns.shift() as string;
      const items = queue.lanes.get(lane) as T[];
      const item = items.shift() as T;
      if (items.length > 0) queue.laneTurns.push(lane);
      else queue.lanes.delete(lane);
      queue.waiting -= 1;
      size -= 1;
      if (queue.waiting > 0) turns.push(tenant);
      else tenants.delete(tenant);
      return item;
    },
    waitingOf: (tenant) => tenants.get(tenant)?.waiting ?? 0,
    get size() {
      return size;
    },
  };
}
