import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import type { Readiness } from "@/lib/health";
import { healthWord } from "@/lib/ui/status-words";

const NAMES: Record<keyof Readiness["checks"], string> = {
  database: "Database",
  migrations: "Migrations",
  queue: "Job queue",
  stripe: "Stripe configuration",
};

/** What GET /api/health/ready answers for this instance, check by check. */
export function DependenciesCard({ readiness }: { readiness: Readiness }) {
  return (
    <Card
      title="Dependencies"
      description={
        readiness.ready
          ? "This instance is ready: every check passes."
          : "This instance is not ready: a load balancer sends it no traffic until every check passes."
      }
    >
      <Table
        caption="Dependencies of this instance"
        headers={["Check", "State"]}
        stacked={{ status: "State" }}
        empty="No checks."
        rows={(Object.keys(readiness.checks) as (keyof Readiness["checks"])[]).map((name) => {
          const state = readiness.checks[name];
          return {
            key: name,
            cells: [
              NAMES[name],
              state === "ok" ? (
                <Badge word={healthWord(true)} />
              ) : (
                <span className="flex flex-wrap items-center gap-2">
                  <Badge word={healthWord(false)} />
                  <span>{state}</span>
                </span>
              ),
            ],
          };
        })}
      />
    </Card>
  );
}
