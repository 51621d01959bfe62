/**
 * Abandoned uploads: model versions still PENDING_UPLOAD after their upload link expired, with
 * whatever part of a file reached object storage. Each goes in its own transaction that holds the
 * row locked while the object is removed, and deletes the row only once that worked: a failure
 * leaves the version for the next sweep, never a row without its cleanup or the reverse.
 */
import type { DataSource } from "typeorm";
import type { ObjectStore } from "../../storage/object-store";

/** Time after a link's expiry before its version is swept: an upload begun just in time may still be streaming. */
export const PENDING_UPLOAD_GRACE_SECONDS = 15 * 60;

/** Most versions one sweep removes (the next run takes the rest). */
const MAX_PER_SWEEP = 1000;

export async function sweepPendingUploads(db: DataSource, store: ObjectStore, graceSeconds: number): Promise<string[]> {
  const removed: string[] = [];
  while (removed.length < MAX_PER_SWEEP) {
    const outcome = await db.transaction(async (tx) => {
      // SKIP LOCKED: a completion in progress holds its row, and concurrent sweeps share the work.
      const [row]: { id: string; key: string }[] = await tx.query(
        `SELECT id, key FROM model_versions
          WHERE state = 'PENDING_UPLOAD' AND upload_expires_at < now() - make_interval(secs => $1)
          ORDER BY upload_expires_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [graceSeconds],
      );
      if (!row) return null;
      try {
        // Removing a key that was never written is no error.
        await store.remove(row.key);
      } catch (err) {
        // The store is likely down: stop here, the versions stay for the next sweep.
        console.error(`[registry] sweep: could not remove ${row.key} (${(err as Error).message}); stopping until the next run`);
        return { id: row.id, ok: false };
      }
      await tx.query(`DELETE FROM model_versions WHERE id = $1 AND state = 'PENDING_UPLOAD'`, [row.id]);
      return { id: row.id, ok: true };
    });
    if (!outcome?.ok) break;
    removed.push(outcome.id);
  }
  return removed;
}
