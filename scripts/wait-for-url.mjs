// Waits (up to 5 minutes) until a URL answers, e.g. for one test server to wait for another.
const url = process.argv[2];
const deadline = Date.now() + 300_000;
for (;;) {
  try {
    if ((await fetch(url)).ok) process.exit(0);
  } catch {
    // not up yet
  }
  if (Date.now() > deadline) {
    console.error(`${url} did not answer within 5 minutes`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
