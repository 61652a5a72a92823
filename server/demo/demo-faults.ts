import { getConfig } from "@/server/config/get-config.ts";
import { z } from "zod";
import { parseDurationMs } from "@/domain/time/duration.ts";
import { AppError, notFound } from "@/server/http/problem.ts";
import { readMeshTelemetryConfig } from "@/server/telemetry/mesh-telemetry-config.ts";
import { demoFaultEndsAt, type TDemoFaultRecord } from "./demo-fault-record.ts";
import { clearActiveDemoFaults, findDemoFaults, insertDemoFault } from "./demo-faults.repository.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { canInjectDemoFaults } from "@/server/identity/can-inject-demo-faults.ts";
import { findDemoFaultTarget } from "./demo.repository.ts";
import { isDemoMode } from "./is-demo-mode.ts";

const MAX_FAULT_MS = 7 * 86_400_000;

export const ZDemoFaultInput = z.object({
  service: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "service must be a service slug such as payments"),
  errorRate: z
    .number({ error: "errorRate must be a number between 0 and 1, e.g. 0.2 for 20 % of requests failing" })
    .gt(0, "errorRate must be above 0 (0.2 = 20 % of requests fail)")
    .max(1, "errorRate must be at most 1 (every request fails)"),
  duration: z
    .string()
    .trim()
    .default("30m")
    .transform((text, ctx) => {
      try {
        const ms = parseDurationMs(text, "duration");
        if (ms > MAX_FAULT_MS) throw new RangeError("duration must be at most 7d");
        return ms;
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
});
export type TDemoFaultInput = z.input<typeof ZDemoFaultInput>;

/** `?service=<slug>`: one service's faults (GET, DELETE /api/v1/demo/faults); all without it. */
export const ZDemoFaultServiceQuery = z.object({
  service: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "service must be a service slug such as payments")
    .optional(),
});

export interface TDemoFaultView {
  id: string;
  service: string;
  errorRate: number;
  injectedAt: string;
  /** Wall-clock end (earlier than injectedAt + duration when PLUMBLINE_DEMO_SPEED > 1, or when cleared). */
  endsAt: string;
  /** Length in simulated time, ms. */
  durationMs: number;
  active: boolean;
}

export interface TDemoFaultsView {
  /** Whether the simulator is running (demo mode, no PROMETHEUS_URL): faults only exist then. */
  demo: boolean;
  /** Whether the caller may inject and clear faults here (the service's owners, admins, API tokens). */
  canInject: boolean;
  speed: number;
  /** How often, on the wall clock, the demo reads the mesh and evaluates SLOs (ms): when a fault first shows. */
  refreshMs: number;
  faults: TDemoFaultView[];
}

/** Whether this process simulates the mesh (demo mode without PROMETHEUS_URL), and at what speed. */
export function simulatorState(): { active: boolean; speed: number; refreshMs: number } {
  try {
    const config = readMeshTelemetryConfig(getConfig(), isDemoMode());
    return config.source.kind === "simulator" ? { active: true, speed: config.source.speed, refreshMs: config.intervalMs } : { active: false, speed: 1, refreshMs: config.intervalMs };
  } catch {
    return { active: false, speed: 1, refreshMs: 15_000 };
  }
}

function requireSimulator(): { speed: number } {
  const state = simulatorState();
  if (!state.active) {
    throw new AppError(
      409,
      "Demo mode is off",
      "Faults can only be injected into the demo's simulated mesh. Start Plumbline in demo mode (PLUMBLINE_DEMO=1, without PROMETHEUS_URL).",
    );
  }
  return state;
}

function toView(record: TDemoFaultRecord, now: Date): TDemoFaultView {
  const endsAt = demoFaultEndsAt(record);
  return {
    id: record.id,
    service: record.serviceSlug,
    errorRate: record.errorRate,
    injectedAt: record.injectedAt.toISOString(),
    endsAt: endsAt.toISOString(),
    durationMs: record.durationMs,
    active: endsAt > now,
  };
}

/** Makes `errorRate` of the service's inbound requests fail for `duration` of simulated time, from now. */
export async function injectDemoFault(organizationId: string, input: z.output<typeof ZDemoFaultInput>, actor: TActor, now: Date): Promise<TDemoFaultView> {
  const target = await findDemoFaultTarget(organizationId, input.service);
  if (target === null) {
    throw notFound("Service", `No service "${input.service}" in this organization. GET /api/v1/services lists them.`);
  }
  await requireFaultPermission(organizationId, target, actor, input.service);
  const { speed } = requireSimulator();
  const record = await insertDemoFault({ organizationId, serviceSlug: input.service, errorRate: input.errorRate, injectedAt: now, durationMs: input.duration, speed });
  return toView(record, now);
}

/** The organization's faults, newest first (optionally of one service); ended ones for an hour, for context. */
export async function listDemoFaults(organizationId: string, actor: TActor, now: Date, serviceSlug?: string): Promise<TDemoFaultsView> {
  const state = simulatorState();
  const target = serviceSlug === undefined ? null : await findDemoFaultTarget(organizationId, serviceSlug);
  const canInject = await canInjectDemoFaults({ id: organizationId }, target, actor);
  const recentMs = 3_600_000;
  const faults = (await findDemoFaults(organizationId))
    .filter((f) => serviceSlug === undefined || f.serviceSlug === serviceSlug)
    .map((f) => toView(f, now))
    .filter((f) => f.active || now.getTime() - Date.parse(f.endsAt) < recentMs)
    .sort((a, b) => Date.parse(b.injectedAt) - Date.parse(a.injectedAt));
  return { demo: state.active, canInject, speed: state.speed, refreshMs: state.refreshMs, faults };
}

/** Ends active faults now (they stay in the simulated history, as a real incident would). */
export async function clearDemoFaults(organizationId: string, serviceSlug: string | null, actor: TActor, now: Date): Promise<{ cleared: number }> {
  const target = serviceSlug === null ? null : await findDemoFaultTarget(organizationId, serviceSlug);
  if (serviceSlug !== null && target === null) {
    throw notFound("Service", `No service "${serviceSlug}" in this organization. GET /api/v1/services lists them.`);
  }
  await requireFaultPermission(organizationId, target, actor, serviceSlug);
  requireSimulator();
  return { cleared: await clearActiveDemoFaults(organizationId, serviceSlug, now) };
}

async function requireFaultPermission(organizationId: string, target: { ownerTeamSlug: string | null } | null, actor: TActor, serviceSlug: string | null): Promise<void> {
  if (await canInjectDemoFaults({ id: organizationId }, target, actor)) return;
  throw new AppError(
    403,
    "Not an owner",
    serviceSlug === null
      ? "Only organization admins may clear every service's demo faults at once; owners clear their own service's (?service=<slug>)."
      : `Only the owners of ${serviceSlug} (its owner team${target?.ownerTeamSlug ? ` ${target.ownerTeamSlug}` : ""}) or an organization admin may inject or clear its demo faults.`,
  );
}
