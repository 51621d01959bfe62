/** Record ids are UUIDs; anything else names no record (and must never reach a uuid-typed SQL parameter). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return typeof id === "string" && UUID.test(id);
}
