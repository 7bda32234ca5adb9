// What a form's server action answers (shared by the actions and components/forms/action-form).
// No server-only import: client components import this type.

/** `F`: the form's field names, so that an action can only name its own fields' errors. */
export type FormState<F extends string = string> =
  | { status: "idle" }
  | {
      status: "error";
      /** For the whole form (shown above it). */
      message?: string;
      fieldErrors: Partial<Record<F, string>>;
      /** What was typed, never a password, so the form keeps it after React resets it. */
      values: Record<string, string>;
    }
  | { status: "done"; message: string };

export type FormAction<F extends string = string> = (
  state: FormState<F>,
  form: FormData,
) => Promise<FormState<F>>;
