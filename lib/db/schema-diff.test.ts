import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, readMigrations } from "@/lib/db/migrations";
import { startSchemaDiffer, type SchemaDiffer } from "@/lib/db/schema-diff";

const header = `datasource db {\n  provider = "postgresql"\n}\n`;

// Starting the WebAssembly engine is the slow step (seconds, minutes on a machine under load): it
// starts once for the file, with all the time it needs; each diff then takes milliseconds.
let differ: SchemaDiffer;
beforeAll(async () => {
  differ = await startSchemaDiffer();
}, 600_000);
afterAll(async () => {
  await differ.close();
}, 600_000);

describe("the offline schema engine (lib/db/schema-diff.ts)", () => {
  it("writes the SQL from one datamodel to the next, with no database of ours", async () => {
    const before = `${header}model Item {\n  id Int @id\n}\n`;
    const after = `${header}model Item {\n  id Int @id\n  name String?\n}\n`;

    expect(await differ.diff(null, before)).toMatch(/CREATE TABLE "Item"/);
    expect(await differ.diff(before, after)).toMatch(/ALTER TABLE "Item" ADD COLUMN\s+"name" TEXT/);
    expect(await differ.diff(after, after)).toBe("");
  });

  it("finds prisma/schema.prisma fully migrated (a schema change without a migration fails here)", async () => {
    const last = (await readMigrations()).at(-1);
    expect(last).toBeDefined();
    const snapshot = await readFile(
      path.join(MIGRATIONS_DIR, last?.name ?? "", "schema.prisma"),
      "utf8",
    );
    const schema = await readFile(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");

    expect(await differ.diff(snapshot, schema)).toBe("");
  });
});
