/** Code-point order: unlike localeCompare it gives the same order on every machine, so snapshots hash alike. */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
