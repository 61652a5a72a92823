import { inject } from "vitest";
import { installDatabaseTemplates } from "@/server/testing/database-templates.ts";

// Each integration test file's setup: openTestDatabase starts from the run's migrated templates.
installDatabaseTemplates(inject("databaseTemplates"));
