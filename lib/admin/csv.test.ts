import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "@/lib/admin/csv";

describe("csv", () => {
  it("quotes fields with commas, quotes or line breaks, and ends lines with CRLF", () => {
    expect(csvLine(["plain", 'say "hi"', "a,b", "two\nlines", null, 3, true])).toBe(
      'plain,"say ""hi""","a,b","two\nlines",,3,true\r\n',
    );
  });

  it("keeps a spreadsheet from running text that looks like a formula", () => {
    for (const text of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) {
      expect(csvField(text).replace(/^"/, "").startsWith("'")).toBe(true);
    }
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField("Acme = good")).toBe("Acme = good");
  });

  it("writes dates as ISO 8601 in UTC", () => {
    expect(csvField(new Date("2026-02-02T03:04:05.006Z"))).toBe("2026-02-02T03:04:05.006Z");
  });
});
