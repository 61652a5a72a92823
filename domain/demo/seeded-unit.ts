/**
 * A deterministic number in [0, 1) for a seed and a list of keys (FNV-1a, then a
 * murmur-style finalizer to spread the bits). Keyed, not sequential: the value for
 * an edge does not depend on how many other edges were drawn before it, so adding a
 * service to the catalog does not reshuffle the rest of the simulated mesh.
 */
export function seededUnit(seed: number, ...keys: readonly (string | number)[]): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  const text = keys.join("\u0000");
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 4_294_967_296;
}
