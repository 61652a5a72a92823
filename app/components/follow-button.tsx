import { setFollowingAction } from "@/app/feed/actions.ts";
import { isFollowingSubject } from "@/server/follow/follow.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";

/** Follow / Unfollow for a service or team page: a plain form, so it works without JavaScript. */
export async function FollowButton({ kind, slug }: { kind: "service" | "team"; slug: string }) {
  const { organization, session } = await getRequestContext();
  const following = await isFollowingSubject(organization.id, session.userId, kind, slug);
  return (
    <form action={setFollowingAction} className="follow-form">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="follow" value={following ? "0" : "1"} />
      <button type="submit" className={following ? "button" : "button button-primary"} aria-pressed={following} data-testid="follow-button">
        {following ? "Following ✓" : "Follow"}
      </button>
    </form>
  );
}
