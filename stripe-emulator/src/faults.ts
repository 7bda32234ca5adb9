import { z } from "zod";

export const faultSchema = z.union([
  z.strictObject({ drop_state_on_deny: z.boolean() }),
  z
    .strictObject({
      path: z.string().regex(/^\/(v1|v2|oauth)\//, "must be a /v1/…, /v2/… or /oauth/… path"),
      status: z.number().int().min(400).max(599).optional(),
      delay_ms: z.number().int().min(0).max(60_000).optional(),
      times: z.number().int().min(1).default(1),
    })
    .refine(
      (f) => f.status !== undefined || f.delay_ms !== undefined,
      "give status, delay_ms or both",
    ),
]);
type Fault = Extract<z.output<typeof faultSchema>, { path: string }>;

/**
 * Injected faults: the next `times` requests to `path` (exact, or a prefix ending in `*`, such as
 * `/v1/*`) are slowed down by `delay_ms` and/or fail with `status`.
 */
export class Faults {
  list: Fault[] = [];
  dropStateOnDeny = false;

  take(path: string): Fault | undefined {
    const fault = this.list.find((f) =>
      f.path.endsWith("*") ? path.startsWith(f.path.slice(0, -1)) : f.path === path,
    );
    if (fault === undefined) return undefined;
    fault.times--;
    if (fault.times === 0) this.list = this.list.filter((f) => f !== fault);
    return fault;
  }

  clear(): void {
    this.list = [];
    this.dropStateOnDeny = false;
  }

  describe() {
    return { faults: this.list, drop_state_on_deny: this.dropStateOnDeny };
  }
}

/** `POST /_emulator/faults`'s body: a fault, or the `drop_state_on_deny` switch. */
export type FaultBody = z.input<typeof faultSchema>;
