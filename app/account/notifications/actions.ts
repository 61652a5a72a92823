"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { ZNotificationSettingsInput, saveNotificationSettings } from "@/server/email/notification-settings.ts";
import { asFormAction, withAction } from "@/server/http/with-action.ts";

const PATH = "/account/notifications";

/** Any member sets how Plumbline reaches them in the active organization (their own settings only). */
export const saveNotificationSettingsAction = asFormAction(
  PATH,
  withAction({ input: ZNotificationSettingsInput }, async ({ organization, session, input }) => {
    await saveNotificationSettings(organization.id, session.userId, input);
    revalidatePath(PATH);
    redirect(`${PATH}?saved=1`);
  }),
);
