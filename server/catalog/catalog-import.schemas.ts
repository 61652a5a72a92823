import { z } from "zod";

export const ZCatalogImportInput = z.object({
  origin: z.string().trim().min(1).max(500).default("api"),
  files: z
    .array(
      z.object({
        file: z.string().trim().min(1, "file must name the document's file").max(500),
        text: z.string().max(5_000_000, "a catalog file may be at most 5 MB"),
      }),
    )
    .min(1, "send at least one file")
    .max(2000, "send at most 2000 files per import"),
});
export type TCatalogImportInput = z.infer<typeof ZCatalogImportInput>;
