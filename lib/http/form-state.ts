// What a form's server action answers (shared by the actions and components/forms/action-form).
// No server-only import: client components import this type.

export type FormState =
  | { status: "idle" }
  | {
      status: "error";
      /** For the whole form (shown above it). */
      message?: string;
      fieldErrors: Record<string, string>;
      /** What was typed, never a password, so the form keeps it after React resets it. */
      values: Record<string, string>;
    }
  | { status: "done"; message: string };

export type FormAction = (state: FormState, form: FormData) => Promise<FormState>;
