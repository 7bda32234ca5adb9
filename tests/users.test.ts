import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { createUser, getUserByEmail, promoteToAdmin } from "@/lib/data/users";
import { AppError } from "@/lib/errors";
import { uniqueEmail } from "./helpers";

describe("users", () => {
  it("stores an argon2id hash, never the password", async () => {
    const email = uniqueEmail();
    await createUser({ name: "Ann", email, password: "correct horse battery" });

    const stored = await getUserByEmail(email);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored?.passwordHash).not.toContain("correct horse battery");
    expect(await verifyPassword(stored?.passwordHash ?? "", "correct horse battery")).toBe(true);
    expect(await verifyPassword(stored?.passwordHash ?? "", "wrong horse battery")).toBe(false);
  });

  it("refuses a second account with the same email, whatever its case, and changes nothing", async () => {
    const email = uniqueEmail();
    const first = await createUser({ name: "First", email, password: "first-password" });

    const duplicate = createUser({ name: "Second", email, password: "second-password" });
    await expect(duplicate).rejects.toBeInstanceOf(AppError);
    await expect(duplicate).rejects.toMatchObject({ code: "conflict" });
    expect(await getUserByEmail(email.toUpperCase())).toMatchObject({
      id: first.id,
      name: "First",
    });
  });

  it("makes users listed in ADMIN_EMAILS admins, others sellers, and promotes on demand", async () => {
    const boss = await createUser({
      name: "Boss",
      email: "boss@example.test",
      password: "boss-password",
    });
    const seller = await createUser({
      name: "Sel",
      email: uniqueEmail("seller"),
      password: "seller-password",
    });
    expect(boss.role).toBe("ADMIN");
    expect(seller.role).toBe("SELLER");

    expect((await promoteToAdmin(seller.email)).role).toBe("ADMIN");
  });
});
