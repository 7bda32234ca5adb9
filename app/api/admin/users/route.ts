import { NextResponse } from "next/server";
import { authenticate } from "@/lib/auth/session";
import { listUsers } from "@/lib/data/users";
import { errorResponse } from "@/lib/errors";

/** GET /api/admin/users: the newest users, for admins only (401 signed out, 403 sellers). */
export async function GET(): Promise<Response> {
  try {
    await authenticate("ADMIN");
    return NextResponse.json({ users: await listUsers() });
  } catch (error) {
    return errorResponse(error);
  }
}
