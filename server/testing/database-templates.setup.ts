import { inject } from "vitest";
import { useDatabaseTemplates } from "@/server/testing/database-templates.ts";

// Each integration test file's setup: openTestDatabase starts from the run's migrated templates.
useDatabaseTemplates(inject("databaseTemplates"));
