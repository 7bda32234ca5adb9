import { handleAuthRequest } from "@/lib/auth/handler";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context): Promise<Response> {
  return handleAuthRequest(request, await context.params);
}

export { handler as GET, handler as POST };
