/**
 * Which job failures pg-boss retries: infrastructure that was away (the same job may succeed
 * later), never the job's own mistakes (a retry would fail the same way) nor a cancellation.
 */
import { DomainError, badInput } from "../../src/services/errors";
import { JobCancelledError } from "../../src/jobs/job-kind";
import { ComputeAbortedError, ComputeMemoryError } from "../../src/workers/jobs/compute-thread";
import { isTransient } from "../../src/jobs/worker";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

test.each([
  ["PostgreSQL went away mid-query", new Error("Connection terminated unexpectedly")],
  ["PostgreSQL refused the connection", withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")],
  ["the server shut down (admin_shutdown)", withCode("terminating connection due to administrator command", "57P01")],
  ["too many connections", withCode("sorry, too many clients already", "53300")],
  ["object storage unavailable", new DomainError("UNAVAILABLE", "object storage is unavailable (connect ECONNREFUSED); try again")],
  ["a cause that is transient", new Error("write failed", { cause: withCode("read ECONNRESET", "ECONNRESET") })],
])("retried: %s", (_what, err) => {
  expect(isTransient(err)).toBe(true);
});

test.each([
  ["bad input", badInput("eta 0.7 must be in (0, 0.55]", "hardSpheres.eta")],
  ["not found", new DomainError("NOT_FOUND", "dataset x was not found")],
  ["a parse error", new Error("line 3: expected 3 columns")],
  ["a constraint violation", withCode("duplicate key value violates unique constraint", "23505")],
  ["cancellation", new JobCancelledError()],
  ["an aborted computation", new ComputeAbortedError()],
  ["a computation over its memory limit", new ComputeMemoryError(64)],
])("not retried: %s", (_what, err) => {
  expect(isTransient(err)).toBe(false);
});
