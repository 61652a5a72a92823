import type { JobWithMetadata } from "pg-boss";
import { deliverGithubCallback } from "@/server/github/deliver-github-callback.ts";
import { GITHUB_CALLBACK_QUEUE, type TGithubCallbackJobData } from "@/server/github/github-callback-queue.ts";
import { sweepSettledGithubGates } from "@/server/github/sweep-github-gates.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { runPeriodic } from "@/workers/run-periodic.ts";
import type { TWorkerDefinition } from "@/workers/worker-definition.ts";

/**
 * Answers GitHub deployment protection rules: works the `github-protection-callback`
 * queue (one job per outbox row; pg-boss retries with backoff) and, every minute, writes
 * the callback of any settled request whose decision raced its webhook.
 */
export const githubCallbacksWorker: TWorkerDefinition = {
  name: "github-callbacks",
  isEnabled: () => true,
  async start(ctx) {
    const baseUrl = publicBaseUrl(null);
    const workerId = await ctx.queue.work(
      GITHUB_CALLBACK_QUEUE,
      { includeMetadata: true, batchSize: 1, localConcurrency: 2, pollingIntervalSeconds: 1 },
      async ([job]: JobWithMetadata<TGithubCallbackJobData>[]) => {
        if (!job) return;
        const outcome = await deliverGithubCallback(job.data, { baseUrl, retryCount: job.retryCount, retryLimit: job.retryLimit });
        if (outcome === "failed") ctx.log.warn({ notificationId: job.data.notificationId }, "github: a deployment protection callback failed for good; see /notifications");
      },
    );
    const sweep = await runPeriodic(ctx, {
      name: "github-gate-sweep",
      everyMs: 60_000,
      async run() {
        const written = await sweepSettledGithubGates();
        if (written > 0) ctx.log.info({ written }, "github: callbacks written for decisions that raced their webhook");
      },
    });
    return {
      async stop() {
        await sweep.stop();
        await ctx.queue.offWork(GITHUB_CALLBACK_QUEUE, { id: workerId });
      },
    };
  },
};
