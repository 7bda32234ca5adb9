import { exportConnectionsCsv } from "@/lib/admin/connections-csv";
import { parseConnectionQuery } from "@/lib/admin/connection-query";
import { AppError } from "@/lib/errors";
import { authenticatedRoute } from "@/lib/http/api-route";

/**
 * GET /api/admin/accounts/export?…: the accounts list with the same search, filters and sort as
 * the page's URL, as a CSV download (admins only: 401 signed out, 403 sellers), audited by
 * exportConnectionsCsv.
 */
export const GET = authenticatedRoute({ role: "ADMIN" }, async (request, admin) => {
  const { filters, searchError } = parseConnectionQuery(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  if (searchError) throw new AppError("invalid_input", searchError);
  const csv = await exportConnectionsCsv(admin, filters);
  const date = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="stripe-connections-${date}.csv"`,
    },
  });
});
