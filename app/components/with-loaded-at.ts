/**
 * Server data plus the moment it was read. Client components hand that moment to
 * react-query (initialDataUpdatedAt) so "updated at" and the refresh clock are honest.
 */
export async function withLoadedAt<T>(load: Promise<T>): Promise<{ data: T; loadedAt: number }> {
  const data = await load;
  return { data, loadedAt: Date.now() };
}
