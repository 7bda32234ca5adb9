import { defineConfig } from "prisma/config";

// Used by the Prisma CLI (`prisma generate`). Migrations are applied by scripts/db-deploy.ts,
// which needs no native engine; see lib/db/migrations.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
