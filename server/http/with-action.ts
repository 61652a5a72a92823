import { randomUUID } from "node:crypto";
import { redirect, unstable_rethrow } from "next/navigation";
import { ZodError, type z } from "zod";
import type { TActor } from "@/server/identity/actor.ts";
import { findRequestSession, getRequestContext, type TRequestContext } from "@/server/identity/get-request-organization.ts";
import type { TSignedInSession } from "@/server/identity/get-signed-in-session.ts";
import { logger } from "@/server/logger.ts";
import { AppError } from "./problem.ts";

/** Messages per form field (the zod path, dotted), for the field they belong to. */
export type TFieldErrors = Record<string, string[]>;

/** What a server action answers when it did not do its job: shown by the form, never thrown to the page. */
export interface TActionFailure {
  ok: false;
  message: string;
  fieldErrors?: TFieldErrors;
}

type TSuccess<T> = { ok: true } & (T extends object ? T : Record<never, never>);

/** A server action's answer: `{ ok: true, …what the handler returned }` or a failure. */
export type TActionResult<T = unknown> = TSuccess<T> | TActionFailure;

/** useActionState's state: null until the form was first submitted. */
export type TActionState<T = unknown> = TActionResult<T> | null;

/** A server action for useActionState; the previous state is not used, so any state may be passed. */
export type TStateAction<T = unknown> = (previous: unknown, form: FormData) => Promise<TActionResult<T>>;

export interface TActionOptions<TInput> {
  /** Validates the form; each issue comes back as a field error, all of them as the message. */
  input: z.ZodType<TInput>;
  /** What `input` validates. Default: the form's text fields by name (the first of repeated ones). */
  read?: (form: FormData) => unknown;
}

export interface TMemberActionOptions<TInput> extends TActionOptions<TInput> {
  /** One of the can* functions of server/identity/; refused with `forbidden` before the input is read. */
  can?: (actor: TActor) => boolean;
  /** The refusal a person reads when `can` says no. */
  forbidden?: string;
}

export interface TSessionActionOptions<TInput> extends TActionOptions<TInput> {
  /** Where an anonymous caller comes back to after signing in (default: /). */
  signInNext?: (form: FormData) => string;
}

type TMemberContext<TInput> = TRequestContext & { input: TInput; form: FormData };
type TSessionContext<TInput> = { session: TSignedInSession; input: TInput; form: FormData };
type TPublicContext<TInput> = { input: TInput; form: FormData };

export const UNEXPECTED_ACTION_ERROR = "Something went wrong on our side; it has been logged. Try again, and report it if it persists";

/**
 * The one wrapper for server actions of signed-in members (server actions are public POST
 * endpoints: each authorizes itself). Resolves the session and the active organization
 * (anonymous → /sign-in, no organization → /onboarding), checks the permission, validates
 * the form with zod, runs the handler, and maps every error to a failure result. Next's
 * redirect()/notFound() still work: they pass through.
 */
export function withAction<TInput, T>(
  options: TMemberActionOptions<TInput>,
  handler: (context: TMemberContext<TInput>) => Promise<T>,
): TStateAction<T> {
  return async (_previous, form) =>
    runAction(async () => {
      const context = await getRequestContext();
      if (options.can && !options.can(context.actor)) throw new AppError(403, "Not allowed", options.forbidden ?? "Your role in this organization does not allow this.");
      return handler({ ...context, input: parseInput(options, form), form });
    });
}

/** For signed-in users who may have no organization yet (creating one, accepting an invitation). */
export function withSessionAction<TInput, T>(
  options: TSessionActionOptions<TInput>,
  handler: (context: TSessionContext<TInput>) => Promise<T>,
): TStateAction<T> {
  return async (_previous, form) =>
    runAction(async () => {
      const session = await findRequestSession();
      if (!session) {
        const next = options.signInNext?.(form) ?? "/";
        redirect(next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`);
      }
      return handler({ session, input: parseInput(options, form), form });
    });
}

/** For actions whose job is to sign someone in or out: no session is needed. */
export function withPublicAction<TInput, T>(options: TActionOptions<TInput>, handler: (context: TPublicContext<TInput>) => Promise<T>): TStateAction<T> {
  return async (_previous, form) => runAction(async () => handler({ input: parseInput(options, form), form }));
}

/**
 * A wrapped action for a plain `<form action>` (no state to show a result in): a failure
 * comes back to `returnTo` with its message in `?error=`, which the page shows. Success is
 * the handler's own redirect (or a re-render).
 */
export function asFormAction<T>(returnTo: string, action: TStateAction<T>): (form: FormData) => Promise<void> {
  return async (form) => {
    const result = await action(null, form);
    if (!result.ok) redirect(`${returnTo}${returnTo.includes("?") ? "&" : "?"}error=${encodeURIComponent(result.message)}`);
  };
}

async function runAction<T>(run: () => Promise<T>): Promise<TActionResult<T>> {
  try {
    const value = await run();
    return { ...(typeof value === "object" && value !== null ? value : {}), ok: true } as TSuccess<T>;
  } catch (error) {
    // redirect(), notFound() and Next's other control-flow throws are not failures.
    unstable_rethrow(error);
    if (error instanceof AppError) return { ok: false, message: error.detail };
    if (error instanceof ZodError) return validationFailure(error);
    const reference = randomUUID();
    logger.error({ err: error, reference }, "unhandled error in server action");
    return { ok: false, message: `${UNEXPECTED_ACTION_ERROR} (reference ${reference}).` };
  }
}

function parseInput<TInput>(options: TActionOptions<TInput>, form: FormData): TInput {
  // A ZodError thrown here is mapped to a validation failure by runAction.
  return options.input.parse(options.read ? options.read(form) : formFields(form));
}

/** The form's text fields by name; files are not read (no action takes one). */
export function formFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" && !(name in fields)) fields[name] = value;
  }
  return fields;
}

function validationFailure(error: ZodError): TActionFailure {
  const fieldErrors: TFieldErrors = {};
  for (const issue of error.issues) (fieldErrors[issue.path.join(".") || "(root)"] ??= []).push(issue.message);
  return { ok: false, message: error.issues.map((issue) => issue.message).join(" "), fieldErrors };
}
