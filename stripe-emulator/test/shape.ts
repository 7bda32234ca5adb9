/**
 * Shapes, not values: the comparison behind the fixtures suite (emulated objects against Stripe's
 * published examples) and the drift suite (the emulator's answers against Stripe test mode's).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function kind(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/**
 * Every difference in shape between `actual` and the `reference` (Stripe's), as readable paths:
 * missing keys (but those ending in one of `allowed.missing`), extra keys (but those ending in
 * one of `allowed.extra`), other JSON types. A null
 * on either side says nothing about the type and is accepted; arrays compare each item with the
 * reference's first.
 */
export function shapeDifferences(
  actual: unknown,
  reference: Json,
  path: string,
  allowed: { extra?: readonly string[]; missing?: readonly string[] } = {},
): string[] {
  const isAllowed = (list: readonly string[] | undefined, at: string) =>
    (list ?? []).some((suffix) => at.endsWith(suffix));
  if (reference === null || actual === null) return [];
  if (kind(actual) !== kind(reference))
    return [`${path}: ${kind(reference)} at Stripe, ${kind(actual)} here`];
  if (Array.isArray(reference)) {
    const [first] = reference;
    if (first === undefined) return [];
    return (actual as unknown[]).flatMap((item, i) =>
      shapeDifferences(item, first, `${path}[${i}]`, allowed),
    );
  }
  if (typeof reference !== "object") return [];
  const object = actual as Record<string, unknown>;
  const missing = Object.keys(reference)
    .filter((key) => !(key in object) && !isAllowed(allowed.missing, `${path}.${key}`))
    .map((key) => `${path}.${key}: missing`);
  const extra = Object.keys(object)
    .filter((key) => !(key in reference) && !isAllowed(allowed.extra, `${path}.${key}`))
    .map((key) => `${path}.${key}: not at Stripe`);
  const nested = Object.entries(reference)
    .filter(([key]) => key in object)
    .flatMap(([key, value]) => shapeDifferences(object[key], value, `${path}.${key}`, allowed));
  return [...missing, ...extra, ...nested];
}
