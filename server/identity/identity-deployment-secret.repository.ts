import { getPrisma } from "@/server/db/client.ts";

/**
 * Returns the deployment secret called `name`, creating it with `generate()` on first use.
 * Concurrent first starts (several web processes on one Postgres) agree on one value:
 * the insert does nothing when another process won, and everyone reads the stored row.
 */
export async function findOrCreateDeploymentSecret(name: string, generate: () => string): Promise<string> {
  const prisma = getPrisma();
  await prisma.deploymentSecret.createMany({ data: [{ name, value: generate() }], skipDuplicates: true });
  const row = await prisma.deploymentSecret.findUniqueOrThrow({ where: { name }, select: { value: true } });
  return row.value;
}
