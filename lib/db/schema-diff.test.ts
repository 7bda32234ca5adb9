import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, readMigrations } from "@/lib/db/migrations";
import { diffDatamodels } from "@/lib/db/schema-diff";

const header = `datasource db {\n  provider = "postgresql"\n}\n`;

describe("diffDatamodels (offline schema engine)", () => {
  it("writes the SQL from one datamodel to the next, with no database of ours", async () => {
    const before = `${header}model Item {\n  id Int @id\n}\n`;
    const after = `${header}model Item {\n  id Int @id\n  name String?\n}\n`;

    expect(await diffDatamodels(null, before)).toMatch(/CREATE TABLE "Item"/);
    expect(await diffDatamodels(before, after)).toMatch(
      /ALTER TABLE "Item" ADD COLUMN\s+"name" TEXT/,
    );
    expect(await diffDatamodels(after, after)).toBe("");
  }, 60_000);

  it("finds prisma/schema.prisma fully migrated (a schema change without a migration fails here)", async () => {
    const last = (await readMigrations()).at(-1);
    expect(last).toBeDefined();
    const snapshot = await readFile(
      path.join(MIGRATIONS_DIR, last?.name ?? "", "schema.prisma"),
      "utf8",
    );
    const schema = await readFile(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");

    expect(await diffDatamodels(snapshot, schema)).toBe("");
  }, 60_000);
});
