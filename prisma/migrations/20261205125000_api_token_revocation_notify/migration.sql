-- Every web process keeps a valid API token's row for a few seconds (server/identity/api-token-cache.ts).
-- A revoked or deleted token (a revocation, or its organization deleted with everything it owns)
-- is announced on the channel plumbline_api_tokens with the token's id, so every process that
-- listens drops it at once instead of at the end of its cache window. The trigger sees every
-- path that revokes or deletes, cascades included.
--
-- The migration tool splits scripts on semicolons, so the PL/pgSQL body is an E-string with
-- each semicolon written as the octal escape 073, and no comment here has one.
CREATE OR REPLACE FUNCTION "plumbline_api_token_revoked"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''DELETE'' OR NEW."revokedAt" IS NOT NULL THEN
    PERFORM pg_notify(''plumbline_api_tokens'', OLD."id")\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "ApiToken_revoked_notify"
  AFTER UPDATE OF "revokedAt" OR DELETE ON "ApiToken"
  FOR EACH ROW EXECUTE FUNCTION "plumbline_api_token_revoked"();
