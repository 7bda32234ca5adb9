/**
 * Reads a request body of at most `maxBytes`, or returns null as soon as it is larger (by its
 * Content-Length, or while streaming when there is none), without reading the rest.
 */
export async function readBodyWithLimit(
  request: Request,
  maxBytes: number,
): Promise<Buffer | null> {
  const declared = request.headers.get("content-length");
  if (Number(declared ?? 0) > maxBytes) return null;
  if (!request.body) return Buffer.alloc(0);
  if (declared !== null && /^\d+$/.test(declared)) {
    // A declared length within the limit bounds the body (Node's HTTP parser reads no more than
    // it): read in one go, not chunk by chunk.
    const body = Buffer.from(await request.arrayBuffer());
    return body.byteLength > maxBytes ? null : body;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}
