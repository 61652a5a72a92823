/**
 * A deterministic number in [0, 1) for a seed and a list of keys (FNV-1a over the keys
 * joined with "\u0000", then a murmur-style finalizer to spread the bits). Keyed, not
 * sequential: the value for an edge does not depend on how many other edges were drawn
 * before it, so adding a service to the catalog does not reshuffle the rest of the
 * simulated mesh.
 *
 * The keys are hashed one after the other rather than joined first: the same bytes in the
 * same order (a separator's 0 leaves the xor as it is, only its multiply remains), without
 * a string built per call. The simulator draws ~250,000 of these in a first round at
 * 10,000 services (building the model, then each edge's rate), ~100,000 in a later one.
 */
export function seededUnit(seed: number, ...keys: readonly (string | number)[]): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let k = 0; k < keys.length; k += 1) {
    if (k > 0) hash = Math.imul(hash, 0x01000193);
    const text = String(keys[k]);
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 4_294_967_296;
}
