/**
 * Computes the SQL that takes one Prisma datamodel to another, offline, with Prisma's schema engine
 * compiled to WebAssembly (@prisma/schema-engine-wasm). This module is the one workaround for the
 * missing native engine; everything about it lives here.
 *
 * Two quirks handled here:
 * - the package imports its .wasm file as an ES module, which Node cannot load, so we instantiate
 *   the bytes ourselves and hand them to its bindings;
 * - the engine insists on a live database connection even for a datamodel-to-datamodel diff (it
 *   never queries it for that), so it gets a throwaway in-memory PGlite.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { createPGliteServer } from "@/lib/db/pglite-server";

let loaded: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const jsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(jsPath.replace(/\.js$/, ".wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start?: () => void };
    (bindings as unknown as { __wbg_set_wasm(w: WebAssembly.Exports): void }).__wbg_set_wasm(
      exports,
    );
    exports.__wbindgen_start?.();
  })();
  return loaded;
}

export interface SchemaDiffer {
  /**
   * The SQL script from datamodel `from` (null: an empty database) to datamodel `to`.
   * Returns "" when there is nothing to change.
   */
  diff(from: string | null, to: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the engine (and its throwaway PGlite) once for any number of diffs: starting it is the
 * slow part (seconds; much more on a busy machine), a diff takes milliseconds.
 */
export async function startSchemaDiffer(): Promise<SchemaDiffer> {
  await loadWasm();
  const pglite = await PGlite.create();
  const server = createPGliteServer(pglite, { host: "127.0.0.1", port: 0 });
  await server.start();
  const adapter = bindMigrationAwareSqlAdapterFactory(
    new PrismaPg({ connectionString: `postgresql://postgres@${server.getServerConn()}/postgres` }),
  );
  const engine = await bindings.SchemaEngine.new(
    { datamodels: undefined },
    () => undefined,
    adapter,
  );
  const datamodel = (content: string) => ({
    tag: "schemaDatamodel" as const,
    files: [{ path: "schema.prisma", content }],
  });
  return {
    async diff(from, to) {
      const result = await engine.diff({
        from: from === null ? { tag: "empty" } : datamodel(from),
        to: datamodel(to),
        script: true,
        exitCode: true,
        filters: { externalTables: [], externalEnums: [] },
      });
      return result.exitCode === 2 ? (result.stdout ?? "") : "";
    },
    async close() {
      engine.free();
      await server.stop();
      await pglite.close();
    },
  };
}
