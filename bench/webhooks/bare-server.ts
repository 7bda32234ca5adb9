/** The bare baseline: node:http + pg, doing what the floor does without a framework. */
import { createServer } from "node:http";
import { baselineEnv } from "../env";
import { storeSignedEvent } from "./baseline-store";

createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/api/stripe/webhooks") {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  const signature = req.headers["stripe-signature"];
  req.on("end", () => {
    void storeSignedEvent(
      Buffer.concat(chunks),
      typeof signature === "string" ? signature : null,
    ).then((status) => {
      res.writeHead(status, { "Content-Type": "application/json" }).end('{"received":true}');
    });
  });
}).listen(baselineEnv().PORT, "127.0.0.1");
