/**
 * "Pages and server components only read" (house style), checked on the code itself: from every
 * page and layout under app/, follows what rendering can run (every function, component and
 * value it refers to, through lib/ and components/, resolved by the TypeScript checker) and lists
 * each database write it reaches (a Prisma create/update/upsert/delete, raw SQL, a transaction, a
 * pg query). Server actions ('use server') and client components ('use client') are not followed:
 * an action runs on a POST, not while rendering, and a client component cannot reach the database.
 */
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Calls that change the database, by the name of what they call. */
const PRISMA_WRITES = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
  "$executeRaw",
  "$executeRawUnsafe",
  "$transaction",
]);

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

function program(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.json"),
    { incremental: false },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error("tsconfig.json could not be read");
  const roots = config.fileNames.filter(
    (f) => /^(app|components|lib)\//.test(relative(f)) || relative(f) === "proxy.ts",
  );
  return ts.createProgram(roots, { ...config.options, incremental: false, noEmit: true });
}

function directive(file: ts.SourceFile): "use server" | "use client" | null {
  const first = file.statements[0];
  if (!first || !ts.isExpressionStatement(first) || !ts.isStringLiteral(first.expression)) {
    return null;
  }
  const text = first.expression.text;
  return text === "use server" || text === "use client" ? text : null;
}

/** The name of the declaration a node belongs to, for the path shown in a failure. */
function nameOf(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  return named.name && ts.isIdentifier(named.name) ? named.name.text : ts.SyntaxKind[node.kind];
}

/** Every write reachable from rendering `roots`, as "file function → call" strings. */
function writesReachedFrom(roots: ts.SourceFile[], checker: ts.TypeChecker): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<ts.Node>();

  const follow = (declaration: ts.Node, via: string) => {
    const file = declaration.getSourceFile();
    const where = relative(file.fileName);
    if (where.startsWith("node_modules/") || where.startsWith("lib/generated/")) return;
    if (file.isDeclarationFile || directive(file) !== null || seen.has(declaration)) return;
    seen.add(declaration);
    visit(declaration, `${where} ${nameOf(declaration)}`, `${via} → ${nameOf(declaration)}`);
  };

  const visit = (node: ts.Node, owner: string, via: string) => {
    if (ts.isIdentifier(node)) {
      let symbol = checker.getSymbolAtLocation(node);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      for (const declaration of symbol?.declarations ?? []) {
        const where = relative(declaration.getSourceFile().fileName);
        const isWrite =
          PRISMA_WRITES.has(node.text) &&
          (where.startsWith("lib/generated/prisma/") || where.includes("@prisma/client"));
        const isPgQuery = node.text === "query" && where.includes("node_modules/@types/pg/");
        if (isWrite || isPgQuery) found.set(`${owner} → ${node.text}`, via);
        else follow(declaration, via);
      }
    }
    ts.forEachChild(node, (child) => {
      visit(child, owner, via);
    });
  };

  for (const root of roots) visit(root, relative(root.fileName), relative(root.fileName));
  return found;
}

describe("pages only read", () => {
  it("no page or layout under app/ writes to the database while rendering", () => {
    const built = program();
    const checker = built.getTypeChecker();
    const roots = built
      .getSourceFiles()
      .filter((f) => /^app\/(.*\/)?(page|layout)\.tsx$/.test(relative(f.fileName)));
    expect(roots.length).toBeGreaterThan(10);

    const writes = writesReachedFrom(roots, checker);

    expect([...writes].map(([write, via]) => `${write}\n    reached by ${via}`)).toEqual([]);

    // The same walk from proxy.ts, which runs before rendering and records the session's use,
    // finds that write (else this test no longer sees writes where it should).
    const proxy = built.getSourceFiles().filter((f) => relative(f.fileName) === "proxy.ts");
    expect([...writesReachedFrom(proxy, checker).keys()]).toEqual([
      "lib/data/sessions.ts recordSessionUse → updateMany",
    ]);
  }, 300_000);
});
