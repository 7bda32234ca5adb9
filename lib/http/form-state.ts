// What a form's server action answers (shared by the actions and components/forms/).
// No server-only import: client components import this type.

/**
 * A link to what the user does next (sign in instead, ask for a new link), shown with the form's
 * message as a real link. `href` is one of our own paths.
 */
export interface NextStep {
  href: `/${string}`;
  label: string;
  /** Said before the link: "Already have an account?". */
  prompt?: string;
}

/** `F`: the form's field names, so that an action can only name its own fields' errors. */
export type FormState<F extends string = string> =
  | { status: "idle" }
  | {
      status: "error";
      /** For the whole form (shown above it, in the error summary). */
      message?: string;
      fieldErrors: Partial<Record<F, string>>;
      /**
       * What was typed, never a password: for a form sent before the page's script ran (the
       * server renders the answer). Once it runs, the form keeps every field itself, in the browser.
       */
      values: Record<string, string>;
      next?: NextStep;
    }
  | { status: "done"; message: string; next?: NextStep };

export type FormAction<F extends string = string> = (
  state: FormState<F>,
  form: FormData,
) => Promise<FormState<F>>;
