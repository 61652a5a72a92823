import { getPrisma } from "@/server/db/client.ts";

export async function pingDatabase(): Promise<void> {
  await getPrisma().$queryRaw`SELECT 1`;
}
