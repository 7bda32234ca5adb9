import { describe, expect, expectTypeOf, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readForm, sendFormMail, validatedAction } from "@/lib/http/form-action";
import type { FormAction, FormState } from "@/lib/http/form-state";

const signUpForm = {
  fields: ["email", "password"],
  schema: z.object({
    email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
    password: z.string().min(12, "Use at least 12 characters.").max(200),
  }),
  keep: ["email"],
} as const;

function formData(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

const idle: FormState = { status: "idle" };

describe("validatedAction", () => {
  it("answers each invalid field's first problem, keeps what was typed except the password, and does not run the action", async () => {
    const action = vi.fn(() => Promise.resolve<FormState>({ status: "done", message: "ok" }));
    const signUp = validatedAction(signUpForm, action);

    const state = await signUp(idle, formData({ email: "not an address", password: "short" }));

    expect(state).toEqual({
      status: "error",
      fieldErrors: {
        email: "Enter a valid email address.",
        password: "Use at least 12 characters.",
      },
      values: { email: "not an address" },
    });
    expect(action).not.toHaveBeenCalled();
  });

  it("types the field errors it answers by the form's fields (checked by tsc)", () => {
    const signUp = validatedAction(signUpForm, () =>
      Promise.resolve<FormState<"email" | "password">>({ status: "idle" }),
    );
    expectTypeOf(signUp).toEqualTypeOf<FormAction<"email" | "password">>();
  });

  it("treats a missing field as empty", async () => {
    const signUp = validatedAction(signUpForm, () =>
      Promise.resolve<FormState>({ status: "idle" }),
    );

    const state = await signUp(idle, formData({ email: "ann@example.test" }));

    expect(state).toMatchObject({ fieldErrors: { password: "Use at least 12 characters." } });
  });

  it("runs the action with the parsed data (as the schema transforms it) and answers what it answers", async () => {
    const signUp = validatedAction(signUpForm, ({ email }, kept) =>
      Promise.resolve<FormState>({ status: "done", message: `${email} ${JSON.stringify(kept)}` }),
    );

    const state = await signUp(
      idle,
      formData({ email: "  Ann@Example.TEST ", password: "a-long-enough-password" }),
    );

    expect(state).toEqual({
      status: "done",
      message: `ann@example.test {"email":"  Ann@Example.TEST "}`,
    });
  });

  it("shows an AppError's message above the form, keeping what was typed", async () => {
    const signUp = validatedAction(signUpForm, () =>
      Promise.reject(new AppError("conflict", "That address is already an admin.")),
    );

    const state = await signUp(
      idle,
      formData({ email: "ann@example.test", password: "a-long-enough-password" }),
    );

    expect(state).toEqual({
      status: "error",
      message: "That address is already an admin.",
      fieldErrors: {},
      values: { email: "ann@example.test" },
    });
  });

  it("lets any other error through, to the error page", async () => {
    const signUp = validatedAction(signUpForm, () => Promise.reject(new Error("database down")));

    await expect(
      signUp(idle, formData({ email: "ann@example.test", password: "a-long-enough-password" })),
    ).rejects.toThrow("database down");
  });

  it("gives a form of hidden fields one message instead of field errors", async () => {
    const remove = validatedAction(
      {
        fields: ["userId"],
        schema: z.object({ userId: z.string().regex(/^\w+$/) }),
        invalid: "Unknown admin.",
      },
      () => Promise.resolve<FormState>({ status: "done", message: "removed" }),
    );

    expect(await remove(idle, formData({ userId: "../x" }))).toEqual({
      status: "error",
      message: "Unknown admin.",
      fieldErrors: {},
      values: {},
    });
    expect(await remove(idle, formData({ userId: "u1" }))).toEqual({
      status: "done",
      message: "removed",
    });
  });
});

describe("readForm", () => {
  it("parses a form for actions that answer otherwise than with a form state", () => {
    const spec = { fields: ["id"], schema: z.object({ id: z.string().min(1, "Unknown id.") }) };

    expect(readForm(spec, formData({ id: "c1" }))).toEqual({
      ok: true,
      data: { id: "c1" },
      kept: {},
    });
    expect(readForm(spec, formData({}))).toMatchObject({
      ok: false,
      state: { status: "error", fieldErrors: { id: "Unknown id." } },
    });
  });
});

describe("sendFormMail", () => {
  it("says the mail could not be sent when sending fails, keeping what was typed", async () => {
    // The app's log (lib/log.ts) writes JSON lines to standard output.
    const log = vi.spyOn(process.stdout, "write").mockImplementation(() => true);

    const state = await sendFormMail(
      "Sign-up",
      () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:25")),
      { email: "ann@example.test" },
    );

    expect(state).toMatchObject({
      status: "error",
      message: "We could not send the email just now. Please try again in a minute.",
      values: { email: "ann@example.test" },
    });
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({
      level: 50,
      msg: "Sign-up failed",
      reason: "connect ECONNREFUSED 127.0.0.1:25",
    });
    log.mockRestore();
  });

  it("lets an AppError through: it says why nothing was sent", async () => {
    await expect(
      sendFormMail("Invitation", () =>
        Promise.reject(new AppError("conflict", "Already an admin.")),
      ),
    ).rejects.toThrow("Already an admin.");
    expect(await sendFormMail("Invitation", () => Promise.resolve())).toBeNull();
  });
});
