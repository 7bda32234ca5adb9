/** The demo users `npm run db:seed` creates for local use (documented in the README). */
export const DEMO_USERS = [
  {
    name: "Sam Seller",
    email: "seller@example.com",
    password: "seller-demo-password",
    role: "SELLER",
  },
  { name: "Ada Admin", email: "admin@example.com", password: "admin-demo-password", role: "ADMIN" },
] as const;
