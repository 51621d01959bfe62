/**
 * Abandoned uploads: records of uploads (model versions still PENDING_UPLOAD, dataset import
 * uploads) whose upload link expired, with whatever part of a file reached object storage. Each
 * goes in its own transaction that holds the row locked while the object is removed, and deletes
 * the row only once that worked: a failure leaves the record for the next sweep, never a row
 * without its cleanup or the reverse.
 */
import type { DataSource } from "typeorm";
import type { ObjectStore } from "../../storage/object-store";

/** Time after a link's expiry before its record is swept: an upload begun just in time may still be streaming. */
export const PENDING_UPLOAD_GRACE_SECONDS = 15 * 60;

/** Most records one sweep removes per table (the next run takes the rest). */
const MAX_PER_SWEEP = 1000;

/** A table of upload records: `id`, `key` (the upload's object) and `upload_expires_at` columns. */
export interface UploadTable {
  table: string;
  /** SQL condition on the rows that may be swept once expired. */
  sweepable: string;
}

/** Model versions whose file never completed (READY versions keep their file). */
export const MODEL_VERSION_UPLOADS: UploadTable = { table: "model_versions", sweepable: "state = 'PENDING_UPLOAD'" };

/**
 * Import uploads, started or not: a started one's key was emptied when its import began, but a
 * presigned PUT may still write there until the link expires, so the sweep removes it after that.
 */
export const IMPORT_UPLOADS: UploadTable = { table: "import_uploads", sweepable: "true" };

export async function sweepPendingUploads(db: DataSource, store: ObjectStore, uploads: UploadTable, graceSeconds: number): Promise<string[]> {
  const { table, sweepable } = uploads;
  const removed: string[] = [];
  while (removed.length < MAX_PER_SWEEP) {
    const outcome = await db.transaction(async (tx) => {
      // SKIP LOCKED: a completion in progress holds its row, and concurrent sweeps share the work.
      const [row]: { id: string; key: string }[] = await tx.query(
        `SELECT id, key FROM ${table}
          WHERE ${sweepable} AND upload_expires_at < now() - make_interval(secs => $1)
          ORDER BY upload_expires_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [graceSeconds],
      );
      if (!row) return null;
      try {
        // Removing a key that was never written is no error.
        await store.remove(row.key);
      } catch (err) {
        // The store is likely down: stop here, the records stay for the next sweep.
        console.error(`[uploads] sweep: could not remove ${row.key} (${(err as Error).message}); stopping until the next run`);
        return { id: row.id, ok: false };
      }
      await tx.query(`DELETE FROM ${table} WHERE id = $1 AND ${sweepable}`, [row.id]);
      return { id: row.id, ok: true };
    });
    if (!outcome?.ok) break;
    removed.push(outcome.id);
  }
  return removed;
}
