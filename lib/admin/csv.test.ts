import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "@/lib/admin/csv";

describe("csv", () => {
  it("quotes every text field, leaves numbers, booleans and empty values bare, ends lines with CRLF", () => {
    expect(csvLine(["plain", 'say "hi"', "a,b", "two\r\nlines", "", null, 3, true])).toBe(
      '"plain","say ""hi""","a,b","two\r\nlines","",,3,true\r\n',
    );
  });

  it.each([
    ["=1+1", `"'=1+1"`],
    ["+1", `"'+1"`],
    ["-1", `"'-1"`],
    ["@SUM(A1)", `"'@SUM(A1)"`],
    ["\tx", `"'\tx"`],
    ["\rx", `"'\rx"`],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
  ])("keeps a spreadsheet from running %j, which starts like a formula", (text, written) => {
    expect(csvField(text)).toBe(written);
  });

  it.each([
    // A spreadsheet whose list separator is `;` (or that splits on tabs or commas) reads each of
    // these as two cells, the second one a formula.
    ["x;=1+2", `"x;'=1+2"`],
    ["x,=1+2", `"x,'=1+2"`],
    ["x\t=1+2", `"x\t'=1+2"`],
    ["a;b;@x", `"a;b;'@x"`],
    ["\t=1", `"'\t'=1"`],
  ])("neutralises a formula after a separator inside %j", (text, written) => {
    expect(csvField(text)).toBe(written);
  });

  it("leaves text that only contains formula characters alone", () => {
    expect(csvField("Acme = good")).toBe('"Acme = good"');
    expect(csvField("Smith-Jones & Co.")).toBe('"Smith-Jones & Co."');
  });

  it("writes dates as ISO 8601 in UTC, unquoted", () => {
    expect(csvField(new Date("2026-02-02T03:04:05.006Z"))).toBe("2026-02-02T03:04:05.006Z");
  });
});
