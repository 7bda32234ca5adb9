import Link from "next/link";
import { buttonStyles } from "@/components/ui/styles";
import { homePath } from "@/lib/auth/redirects";
import { getCurrentUser } from "@/lib/auth/session";

const points = [
  {
    title: "Connect in a minute",
    body: "Sign in, open Settings and connect your Stripe account with Stripe's own secure page.",
  },
  {
    title: "Your Stripe data, here",
    body: "See your balance, recent payments and payouts without leaving the marketplace.",
  },
  {
    title: "You stay in control",
    body: "Disconnect at any time, here or from your Stripe Dashboard.",
  },
];

/** The "Go to…" button's words for where a signed-in user starts (homePath). */
const HOME_LABELS = { ADMIN: "Go to the platform overview", SELLER: "Go to Settings" } as const;

export default async function HomePage() {
  const user = await getCurrentUser();
  return (
    <div className="space-y-12 py-6">
      <section className="max-w-2xl">
        <h1 className="text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl">
          Get paid on the marketplace with your own Stripe account
        </h1>
        <p className="mt-4 text-lg text-slate-600">
          Seller Connect links your Stripe account to the platform through Stripe Connect, so
          payments reach you directly and you keep your own Stripe Dashboard.
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
          {user ? (
            <Link href={homePath(user.role)} className={buttonStyles.primary}>
              {HOME_LABELS[user.role]}
            </Link>
          ) : (
            <>
              <Link href="/sign-up" className={buttonStyles.primary}>
                Create a seller account
              </Link>
              <Link href="/sign-in" className={buttonStyles.secondary}>
                Sign in
              </Link>
            </>
          )}
        </div>
      </section>
      <section aria-labelledby="how-heading">
        <h2 id="how-heading" className="text-lg font-semibold text-slate-900">
          How it works
        </h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-3">
          {points.map((p) => (
            <li key={p.title} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
              <h3 className="font-semibold text-slate-900">{p.title}</h3>
              <p className="mt-1 text-sm text-slate-600">{p.body}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
